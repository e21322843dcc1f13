import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces a file's content atomically: write a temporary file beside it with the original's mode,
 * flush it, then rename over the original. A crash mid-write leaves the original untouched.
 */
export function writeFileAtomic(file: string, content: Buffer): void {
  const stat = fs.statSync(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.prodready-${process.pid}-${Date.now()}.tmp`);
  const fd = fs.openSync(temp, 'wx', stat.mode & 0o7777);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.chmodSync(temp, stat.mode & 0o7777);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
