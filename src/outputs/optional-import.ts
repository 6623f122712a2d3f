/**
 * Hardware outputs use native packages (`i2c-bus`, `spi-device`) that build with node-gyp. They are
 * not dependencies of tinydisplay: `npm ci` stays fast and portable, and importing the package loads
 * none of them. An output imports its package the first time it opens a real device, and a missing
 * package becomes an error that names it and says how to install it.
 */

/** How a package is imported; tests pass their own. */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

const nodeImport: ModuleLoader = (specifier) => import(specifier);

function isNotFound(error: unknown, pkg: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  // Bundlers and test runners that resolve imports themselves throw without Node's code.
  const message = error instanceof Error ? error.message : '';
  return (
    /cannot find (module|package)|could not resolve|failed to (load|resolve)/i.test(message) &&
    message.includes(pkg)
  );
}

/**
 * The module `pkg`, imported now. Rejects with an error naming the package and `usedBy` when it is
 * not installed; other failures (a native addon built for another Node) pass through with the
 * package named.
 */
export async function importOptional(
  pkg: string,
  usedBy: string,
  load: ModuleLoader = nodeImport,
): Promise<unknown> {
  let mod: unknown;
  try {
    mod = await load(pkg);
  } catch (error) {
    if (isNotFound(error, pkg)) {
      throw new Error(
        `${usedBy} needs the optional package '${pkg}', which is not installed; install it with \`npm install ${pkg}\` (it builds a native addon)`,
        { cause: error },
      );
    }
    throw new Error(
      `${usedBy}: loading the optional package '${pkg}' failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  // A CommonJS package imported from ESM puts its exports on `default`.
  const withDefault = mod as { default?: unknown };
  return withDefault.default !== undefined && typeof withDefault.default === 'object'
    ? withDefault.default
    : mod;
}
