"""Imported once by the worker pool's fork server, which then forks every worker: the NLP model is
loaded there, once, and a new or replacing worker starts warm in milliseconds instead of seconds."""

from pipelines.batch.work import warm_up

warm_up()
