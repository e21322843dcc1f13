"""Customer features from the feature store."""
import requests

FEATURE_STORE = "http://feature-store.internal/api/features"
session = requests.Session()


def fetch_customer_features(customer_id):
    response = session.get(f"{FEATURE_STORE}/{customer_id}")
    return response.json()["values"]
