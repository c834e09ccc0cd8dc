"""Running a batch: discovery, the document work, the executors (in-process, pool, Dask), the hot folder."""
