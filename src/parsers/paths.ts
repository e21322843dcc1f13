/**
 * `hardcoded-path` for manifests (Kubernetes hostPath, compose bind mounts), as rules.md "Precise
 * definitions" says for code: machine-specific prefixes always; another absolute path of two or
 * more segments (it is a filesystem path by construction); never `/dev/`, `/proc/`, `/sys/`, `/etc/`,
 * nor anything built from environment variables.
 */
const MACHINE_SPECIFIC =
  /^(\/home\/|\/Users\/|\/root\/|\/mnt\/|\/media\/|\/data\/|\/content\/|\/kaggle\/|\/workspace\/|~\/|[A-Za-z]:[\\/])/;
const NEVER = /^\/(dev|proc|sys|etc)(\/|$)/;

export function isHardcodedHostPath(value: string): boolean {
  const path = value.trim();
  if (!path || path.includes('$')) return false;
  if (MACHINE_SPECIFIC.test(path)) return true;
  if (!path.startsWith('/') || NEVER.test(path)) return false;
  return path.split('/').filter(Boolean).length >= 2;
}
