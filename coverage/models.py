# Coverage is derived from assignments and their phases; it keeps no rows of its own yet.
