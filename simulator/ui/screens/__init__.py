"""One widget per screen; each talks to the core through view-models and ``run_op``."""
