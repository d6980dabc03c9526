// The service's error answer, thrown wherever a request is refused.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A mandatory parameter that was not sent (or sent empty). */
export const missing = (name, code = 'MissingParameter') => new ApiError(400, code,
  `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

/** Throws MissingParameter for the first of `names` that `params` lacks. */
export function requireParams(params, names) {
  for (const name of names) if (!params.get(name)) throw missing(name);
}

export const invalid = (message) => new ApiError(400, 'InvalidParameter', message);
