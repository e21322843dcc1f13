/** Reads file bytes as text the way editors do, and writes text back in the same encoding. */

export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  bom: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*(latin-1|iso-8859-1|iso8859-1|latin1|cp1252|windows-1252)\b/im;

/** Decodes bytes, or says why they are not text prodready can analyse. */
export function decodeBytes(bytes: Uint8Array): DecodedText | { error: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf16le', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf16be', bom: true };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const probe = body.subarray(0, 8192);
  if (probe.includes(0)) return { error: 'binary file' };
  try {
    return { text: utf8.decode(body), encoding: 'utf8', bom };
  } catch {
    // PEP 263: a Python file may declare Latin-1 in its first two lines.
    const head = Buffer.from(body.subarray(0, 400)).toString('latin1').split(/\r?\n/, 2).join('\n');
    if (LATIN1_COOKIE.test(head)) return { text: Buffer.from(body).toString('latin1'), encoding: 'latin1', bom: false };
    return { error: 'not valid UTF-8 text' };
  }
}

export function encodeText(decoded: Omit<DecodedText, 'text'>, text: string): Buffer {
  switch (decoded.encoding) {
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) {
        const low = le[i];
        le[i] = le[i + 1];
        le[i + 1] = low;
      }
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    case 'latin1':
      return Buffer.from(text, 'latin1');
    default:
      return decoded.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : Buffer.from(text, 'utf8');
  }
}
