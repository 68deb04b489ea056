"""scale: the Pipeline on a Dask cluster (a LocalCluster, or workers on many machines).

``dask_client`` starts or reaches the cluster; ``ingest_on_dask`` runs partitions of documents
on it and stores the results (PostgreSQL: written by the workers; SQLite: by the client).
"""

from eventlens.scale.runner import LOCAL, DaskError, PartitionDone, dask_client, ingest_on_dask, run_partition

__all__ = ["LOCAL", "DaskError", "PartitionDone", "dask_client", "ingest_on_dask", "run_partition"]
