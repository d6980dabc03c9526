// The package's web build: `slb` is its module namespace once loadPackage() has resolved
// (a live binding: importers see it change from null).

export let slb = null;

/** Loads the signing module (init()); the client module is loaded on demand by the package. */
export async function loadPackage() {
  const module = await import('/pkg/web/index.js');
  await module.default();
  slb = module;
  return module;
}

/** A thrown error's issues: ValidationFailed's list, or any other error as one issue. */
export function issuesOf(error) {
  if (error?.issues?.length) return error.issues;
  return [{ path: error?.path ?? '', code: error?.code ?? 'Error', message: String(error?.message ?? error) }];
}
