/** No model with this model_id. */
export class ModelNotFoundError extends Error {
  constructor(readonly modelId: string) {
    super(`model "${modelId}" does not exist`);
    this.name = 'ModelNotFoundError';
  }
}

/** A model_id already registered with other content (name, version, kind or artifact). */
export class ModelExistsError extends Error {
  constructor(readonly modelId: string, detail: string) {
    super(`model "${modelId}" is already registered with ${detail}`);
    this.name = 'ModelExistsError';
  }
}

/** The model's status does not allow the requested change (e.g. promoting one still training). */
export class ModelStatusError extends Error {
  constructor(readonly modelId: string, readonly status: string, action: string) {
    super(`model "${modelId}" is ${status}: cannot ${action} it`);
    this.name = 'ModelStatusError';
  }
}
