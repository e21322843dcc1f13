/**
 * The words of a container command (Dockerfile CMD/ENTRYPOINT, compose `command:`, Kubernetes
 * `command:`/`args:`), with `sh -c "..."` strings split again so the program inside is seen.
 */
export function commandWords(parts: readonly string[]): string[] {
  return splitShell(parts.join(' ')).map((word) => word.replace(/^.*[\\/]/, (prefix) => (word.startsWith('-') ? prefix : '')));
}

/** Splits like a POSIX shell would for words (quotes grouped, operators as separators). */
export function splitShell(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += ch;
      continue;
    }
    if (ch === '#' && !inWord) {
      // A shell comment runs to the end of the line.
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s|;|&|\|/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  // A quoted script (`sh -c "uvicorn app --reload"`) is split once more so its program is visible.
  return words.flatMap((word) => (/\s/.test(word) ? splitShell(word) : [word]));
}

/**
 * What development server a command starts, if any (R2.5 "Development servers"): `flask run`,
 * `--reload`, `--debug`, `jupyter notebook|lab|server`, `fastapi dev` (reload on), Django's
 * `manage.py runserver`, and `streamlit run` only with a development flag
 * (`--server.runOnSave true`, `--global.developmentMode true`, with `=` or a space). Notebook runners
 * (papermill, `nbconvert --execute`) are `notebook-in-production`'s, not development servers.
 */
export function devServerIn(words: readonly string[]): string | undefined {
  const has = (word: string) => words.includes(word);
  const after = (first: string, second: string) => {
    const index = words.indexOf(first);
    return index >= 0 && words.slice(index + 1).includes(second);
  };
  if (after('flask', 'run')) return 'flask run';
  if (after('streamlit', 'run')) {
    const flag = streamlitDevelopmentFlag(words.slice(words.indexOf('streamlit')));
    if (flag) return `streamlit run ${flag}`;
  }
  if (after('fastapi', 'dev')) return 'fastapi dev';
  if (words.some((word) => /^manage\.py$/.test(word)) && has('runserver')) return 'manage.py runserver';
  const reload = words.find((word) => /^--reload(?:$|=(?!false)|-)/i.test(word));
  if (reload) return reload;
  const debug = words.find((word) => /^--debug(?:$|=(?!false|0))/i.test(word));
  if (debug) return debug;
  const jupyter = words.findIndex((word) => /^jupyter(?:-(notebook|lab|server))?$/.test(word));
  if (jupyter >= 0) {
    const own = /^jupyter-(notebook|lab|server)$/.exec(words[jupyter])?.[1];
    const sub = own ?? words.slice(jupyter + 1).find((word) => !word.startsWith('-'));
    if (sub === 'notebook' || sub === 'lab' || sub === 'server') return `jupyter ${sub}`;
  }
  return undefined;
}

/** `--server.runOnSave true` / `--global.developmentMode=true` in a streamlit command, as written. */
function streamlitDevelopmentFlag(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const match = /^--(server\.runOnSave|global\.developmentMode)(?:=(.*))?$/i.exec(words[i]);
    if (!match) continue;
    const value = match[2] ?? words[i + 1];
    if (value !== undefined && /^(true|1|yes)$/i.test(value)) return match[2] !== undefined ? words[i] : `${words[i]} ${value}`;
  }
  return undefined;
}

/** How a command runs a notebook as its job, if it does (`papermill`, `jupyter nbconvert --execute`, `ipython x.ipynb`). */
export function notebookRunIn(words: readonly string[]): string | undefined {
  if (words.includes('papermill')) return 'papermill';
  if (words.includes('nbconvert') && words.some((word) => word === '--execute' || word.startsWith('--execute=')))
    return 'nbconvert --execute';
  const executeIndex = words.indexOf('execute');
  if (executeIndex > 0 && /^jupyter/.test(words[executeIndex - 1])) return 'jupyter execute';
  const ipython = words.findIndex((word) => word === 'ipython' || word === 'ipython3');
  if (ipython >= 0 && words.slice(ipython + 1).some((word) => /\.ipynb$/i.test(word))) return 'ipython';
  if (words.includes('runipy')) return 'runipy';
  return undefined;
}
