// Every deployment-specific value comes from the environment, with a safe default where one exists.
export const config = {
  port: Number(process.env.PORT ?? 3000),
  modelServiceUrl: process.env.MODEL_SERVICE_URL ?? 'http://fraud-model:8000',
  featureStoreUrl: process.env.FEATURE_STORE_URL ?? 'http://feature-store:8080',
  limitsApiUrl: process.env.LIMITS_API_URL ?? 'http://limits-service:9000/limits',
  merchantRiskPath: process.env.MERCHANT_RISK_PATH ?? 'config/merchant_risk.json',
  fallbackModelPath: process.env.FALLBACK_MODEL_PATH ?? 'models/fraud_fallback.onnx',
  openaiApiKey: process.env.OPENAI_API_KEY ?? '',
  upstreamTimeoutMs: Number(process.env.UPSTREAM_TIMEOUT_MS ?? 2000),
  llmTimeoutMs: Number(process.env.LLM_TIMEOUT_MS ?? 8000),
  declineThreshold: Number(process.env.DECLINE_THRESHOLD ?? 0.8),
};
