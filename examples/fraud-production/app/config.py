"""Settings come from the environment the deployment provides."""
import os

MODEL_PATH = os.environ.get("MODEL_PATH", "models/fraud_xgb_v3.joblib")
EMBEDDER_PATH = os.environ.get("EMBEDDER_PATH", "models/txn_embedder.pt")
FEATURE_STORE_URL = os.environ.get("FEATURE_STORE_URL", "http://feature-store:8080/api/features")
RULES_ENGINE_URL = os.environ.get("RULES_ENGINE_URL", "http://rules-engine:8080/v1/check")
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
HTTP_TIMEOUT_SECONDS = float(os.environ.get("HTTP_TIMEOUT_SECONDS", "2.0"))
LLM_TIMEOUT_SECONDS = float(os.environ.get("LLM_TIMEOUT_SECONDS", "10.0"))
DEBUG = os.environ.get("DEBUG") == "1"
