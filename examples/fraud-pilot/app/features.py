"""Customer features from the feature store."""
import requests
from tenacity import retry, wait_fixed

FEATURE_STORE = "http://feature-store.internal/api/features"
session = requests.Session()


# The feature store flaps during deploys: keep trying until it answers.
@retry(wait=wait_fixed(1))
def fetch_customer_features(customer_id):
    response = session.get(f"{FEATURE_STORE}/{customer_id}")
    return response.json()["values"]
