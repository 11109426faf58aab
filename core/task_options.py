"""What every task shares: retries with backoff, and acknowledgement once done, so a worker that
dies mid-task leaves the message for another (the work is idempotent)."""

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_kwargs": {"max_retries": 5},
    "acks_late": True,
}
