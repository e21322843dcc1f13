"""Customer features from the feature store, with a timeout and retries with backoff."""
import logging

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from app.config import FEATURE_STORE_URL, HTTP_TIMEOUT_SECONDS

logger = logging.getLogger(__name__)

session = requests.Session()
session.mount("http://", HTTPAdapter(max_retries=Retry(total=2, backoff_factor=0.2, status_forcelist=(502, 503, 504))))


def fetch_customer_features(customer_id: str) -> list[float]:
    response = session.get(f"{FEATURE_STORE_URL}/{customer_id}", timeout=HTTP_TIMEOUT_SECONDS)
    response.raise_for_status()
    return response.json()["values"]
