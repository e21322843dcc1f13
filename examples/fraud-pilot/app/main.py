"""Real-time fraud scoring for card payments — the pilot that worked in the demo."""
import joblib
import requests
import torch
import uvicorn
from fastapi import FastAPI, Request
from openai import OpenAI
from transformers import pipeline

from app.features import fetch_customer_features

app = FastAPI(debug=True)

OPENAI_API_KEY = "sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
client = OpenAI(api_key=OPENAI_API_KEY)

device = torch.device("cuda:0")
embedder = torch.load("/home/maya/models/txn_embedder.pt").to(device)

RULES_ENGINE_URL = "http://rules-engine.internal:8080/v1/check"
merchant_risk = pipeline("text-classification", model="fraud-team/merchant-risk-bert")


@app.post("/score")
async def score(request: Request):
    payload = await request.json()
    txn = payload["transaction"]
    print("scoring transaction", txn["id"], "amount", txn["amount"])

    model = joblib.load("/home/maya/models/fraud_xgb_v3.pkl")
    features = fetch_customer_features(txn["customer_id"])
    embedding = embedder(torch.tensor([txn["amount"], txn["merchant_category"]]))
    probability = model.predict_proba([features + embedding.tolist()])[0][1]
    merchant = merchant_risk(txn["merchant_name"])[0]["score"]

    verdict = requests.post(RULES_ENGINE_URL, json={"txn": txn, "score": probability}).json()
    return {"id": txn["id"], "fraud_probability": probability, "merchant_risk": merchant, "decision": verdict["decision"]}


@app.post("/explain")
async def explain(body: dict):
    txn = body["transaction"]
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Explain why this payment was declined: {txn}"}],
    )
    return {"explanation": completion.choices[0].message.content}


@app.get("/health")
def health():
    try:
        requests.get(RULES_ENGINE_URL.replace("/v1/check", "/health"))
    except Exception:
        pass
    return {"ok": True}


if __name__ == "__main__":
    uvicorn.run("app.main:app", host="0.0.0.0", port=8000, reload=True)
