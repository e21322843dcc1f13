"""Real-time fraud scoring for card payments, production-grade."""
import logging
from contextlib import asynccontextmanager

import joblib
import requests
import torch
from fastapi import FastAPI, HTTPException
from openai import OpenAI
from prometheus_fastapi_instrumentator import Instrumentator
from pydantic import BaseModel, Field

from app.config import DEBUG, EMBEDDER_PATH, LLM_TIMEOUT_SECONDS, MODEL_PATH, OPENAI_API_KEY, RULES_ENGINE_URL, HTTP_TIMEOUT_SECONDS
from app.features import fetch_customer_features

logging.basicConfig(level=logging.INFO, format='{"level": "%(levelname)s", "logger": "%(name)s", "message": "%(message)s"}')
logger = logging.getLogger(__name__)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
models = {}


@asynccontextmanager
async def lifespan(app: FastAPI):
    models["classifier"] = joblib.load(MODEL_PATH)
    embedder = torch.jit.load(EMBEDDER_PATH, map_location=device)
    embedder.eval()
    models["embedder"] = embedder
    logger.info("models loaded on %s", device)
    yield
    models.clear()


app = FastAPI(debug=DEBUG, lifespan=lifespan)
# Request counts and latencies per route on /metrics, scraped by Prometheus.
Instrumentator().instrument(app).expose(app)
client = OpenAI(api_key=OPENAI_API_KEY, timeout=LLM_TIMEOUT_SECONDS, max_retries=2)


class Transaction(BaseModel):
    id: str
    customer_id: str
    amount: float = Field(ge=0)
    merchant_category: int


class ScoreRequest(BaseModel):
    transaction: Transaction


class ExplainRequest(BaseModel):
    transaction: Transaction
    decision: str


@app.post("/score")
def score(request: ScoreRequest):
    txn = request.transaction
    logger.info("scoring transaction %s", txn.id)
    try:
        features = fetch_customer_features(txn.customer_id)
        with torch.inference_mode():
            embedding = models["embedder"](torch.tensor([txn.amount, float(txn.merchant_category)], device=device))
        probability = float(models["classifier"].predict_proba([features + embedding.tolist()])[0][1])
        verdict = requests.post(RULES_ENGINE_URL, json={"txn": txn.model_dump(), "score": probability}, timeout=HTTP_TIMEOUT_SECONDS)
        verdict.raise_for_status()
    except (requests.RequestException, KeyError, ValueError) as error:
        logger.warning("scoring degraded for %s: %s", txn.id, error)
        return {"id": txn.id, "fraud_probability": None, "decision": "review", "fallback": True}
    return {"id": txn.id, "fraud_probability": probability, "decision": verdict.json()["decision"]}


@app.post("/explain")
def explain(request: ExplainRequest):
    try:
        completion = client.chat.completions.create(
            model="gpt-4o-mini",
            max_tokens=200,
            messages=[{"role": "user", "content": f"Explain this {request.decision} decision: {request.transaction.model_dump_json()}"}],
        )
    except Exception as error:
        logger.exception("explanation unavailable")
        raise HTTPException(status_code=503, detail="explanation temporarily unavailable") from error
    return {"explanation": completion.choices[0].message.content}


@app.get("/health")
def health():
    return {"ok": "classifier" in models}
