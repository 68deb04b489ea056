"""web stage: the FastAPI JSON API and the analyst's page (map, timeline, network, evidence).

``create_app(store_path, token=...)`` builds the app that ``eventlens serve`` runs with uvicorn.
"""

from eventlens.web.app import create_app

__all__ = ["create_app"]
