"""The benchmark (make bench): a synthetic data set at small, province or national scale, loaded
straight into its own PostgreSQL database, and the pages and endpoints that read it measured
through the real stack. See bench/run.py."""
