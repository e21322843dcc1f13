"""Decline explanations for the support team's dashboard (a second small service, run beside the scorer)."""
from flask import Flask, jsonify

from app.features import fetch_customer_features

dashboard = Flask(__name__)


@dashboard.post("/explain/<customer_id>")
def explain(customer_id):
    features = fetch_customer_features(customer_id)
    return jsonify({"customer_id": customer_id, "features": features})
