import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixedWithoutNewFindings, findings, located } from '../helpers';
import { assertCleanTs } from '../tsHelpers';

const RULE = 'unbounded-retry';

describe('unbounded-retry (python decorators)', () => {
  it('flags tenacity retries without stop= and backoff without max_tries/max_time, on the decorator name', async () => {
    const code = [
      'import backoff, tenacity',
      'from tenacity import retry, wait_exponential, Retrying',
      '@retry',
      'def a(): ...',
      '@retry(wait=wait_exponential())',
      'def b(): ...',
      '@tenacity.retry()',
      'def c(): ...',
      '@backoff.on_exception(backoff.expo, Exception)',
      'def d(): ...',
      'def e():',
      '    for attempt in Retrying(wait=wait_exponential()):',
      '        with attempt:',
      '            work()',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '3:2', text: 'retry' },
      { at: '5:2', text: 'retry' },
      { at: '7:2', text: 'tenacity.retry' },
      { at: '9:2', text: 'backoff.on_exception' },
      { at: '12:20', text: 'Retrying' },
    ]);
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.match(messages[0], /^@retry has no stop=: tenacity retries forever by default/);
    assert.match(messages[3], /^@backoff\.on_exception\(\.\.\.\) has neither max_tries nor max_time/);
  });

  it('does not flag retries with a stop condition, backoff with limits, or other retry decorators', async () => {
    await assertClean(
      RULE,
      [
        'import backoff',
        'from tenacity import retry, stop_after_attempt, stop_after_delay',
        'import stamina',
        '@retry(stop=stop_after_attempt(3))',
        'def a(): ...',
        '@retry(stop=(stop_after_attempt(3) | stop_after_delay(10)))',
        'def b(): ...',
        '@backoff.on_exception(backoff.expo, Exception, max_tries=3)',
        'def c(): ...',
        '@backoff.on_predicate(backoff.constant, max_time=30)',
        'def d(): ...',
        '@retry(**RETRY_POLICY)',
        'def e(): ...',
        '@stamina.retry(on=Exception)',
        'def f(): ...',
        '',
      ].join('\n'),
    );
  });

  it('fixes tenacity with stop_after_attempt (importing it) and backoff with max_tries; both safe', async () => {
    const code = [
      'import backoff',
      'from tenacity import retry, wait_exponential',
      '@retry',
      'def a(): ...',
      '@retry(wait=wait_exponential())',
      'def b(): ...',
      '@backoff.on_exception(backoff.expo, Exception)',
      'def c(): ...',
      '',
    ].join('\n');
    assert.ok((await findings(RULE, code)).every((f) => f.fix?.safe === true));
    const fixed = await assertFixedWithoutNewFindings(RULE, code);
    assert.match(fixed, /^from tenacity import stop_after_attempt$/m);
    assert.match(fixed, /^@retry\(stop=stop_after_attempt\(5\)\)$/m);
    assert.match(fixed, /^@retry\(wait=wait_exponential\(\), stop=stop_after_attempt\(5\)\)$/m);
    assert.match(fixed, /^@backoff\.on_exception\(backoff\.expo, Exception, max_tries=5\)$/m);
    const qualified = await assertFixedWithoutNewFindings(RULE, ['import tenacity', '@tenacity.retry()', 'def a(): ...', ''].join('\n'));
    assert.match(qualified, /^@tenacity\.retry\(stop=tenacity\.stop_after_attempt\(5\)\)$/m);
  });
});

describe('unbounded-retry (python loops)', () => {
  const HEAD = [
    'import time, requests',
    'from openai import OpenAI',
    'from fastapi import FastAPI',
    'app = FastAPI()',
    'client = OpenAI(timeout=30)',
  ];

  it('flags open-ended polling loops in serving code that call out, on while', async () => {
    const code = [
      ...HEAD,
      '@app.post("/answer")',
      'def answer(run_id: str):',
      '    while True:',
      '        run = client.beta.threads.runs.retrieve(run_id)',
      '        if run.status == "completed":',
      '            return run',
      '        time.sleep(1)',
      '@app.post("/wait")',
      'def wait(job: str):',
      '    while status(job).state != "done":',
      '        requests.get("http://jobs/" + job, timeout=2)',
      '@app.post("/retry")',
      'def again(x: dict):',
      '    while True:',
      '        try:',
      '            return model.predict([x])',
      '        except Exception:',
      '            time.sleep(1)',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code)).map((f) => f.at),
      ['8:5', '15:5', '19:5'],
    );
    const [first] = await findings(RULE, code);
    assert.equal(
      first.message,
      'This loop in answer() calls client.beta.threads.runs.retrieve() until it breaks out, with no attempt limit or deadline: a stuck upstream holds this request (and its worker) forever; count attempts or check a time.monotonic() deadline and give up',
    );
    assert.equal(first.fix, undefined);
  });

  it('does not flag loops bounded by a counter, a deadline or range, loops that call nothing remote, or code outside serving', async () => {
    await assertClean(
      RULE,
      [
        ...HEAD,
        '@app.post("/a")',
        'def a(run_id: str):',
        '    deadline = time.monotonic() + 30',
        '    while True:',
        '        run = client.beta.threads.runs.retrieve(run_id)',
        '        if run.status == "completed":',
        '            return run',
        '        if time.monotonic() > deadline:',
        '            raise TimeoutError(run_id)',
        '    tries = 0',
        '    while True:',
        '        tries += 1',
        '        try:',
        '            return model.predict([1])',
        '        except Exception:',
        '            if tries >= 3:',
        '                raise',
        '    while attempts < 5:',
        '        model.predict([1])',
        '    for _ in range(5):',
        '        model.predict([1])',
        '    while True:',
        '        item = queue.get()',
        '        if item is None:',
        '            break',
        'def worker():',
        '    while True:',
        '        requests.get("http://x", timeout=2)',
        '',
      ].join('\n'),
    );
  });
});

describe('unbounded-retry (ts/js loops)', () => {
  const HEAD = [
    "import express from 'express';",
    "import OpenAI from 'openai';",
    'const app = express();',
    'const openai = new OpenAI({ timeout: 10_000 });',
  ];

  it('flags open-ended loops in route handlers that call out, on the loop keyword', async () => {
    const code = [
      ...HEAD,
      "app.post('/answer', async (req, res) => {",
      '  while (true) {',
      '    const run = await openai.beta.threads.runs.retrieve(req.body.thread, req.body.run);',
      "    if (run.status === 'completed') return res.json(run);",
      '    await sleep(1000);',
      '  }',
      '});',
      'async function poll(req, res) {',
      '  for (;;) {',
      "    const r = await fetch('http://jobs/' + req.params.id, { signal: AbortSignal.timeout(2000) });",
      '    if (r.ok) break;',
      '  }',
      '}',
      "app.get('/poll/:id', poll);",
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code, 'src/server.ts'), [
      { at: '6:3', text: 'while' },
      { at: '13:3', text: 'for' },
    ]);
    const messages = (await findings(RULE, code, 'src/server.ts')).map((f) => f.message);
    assert.match(messages[0], /^This loop in this handler calls openai\.beta\.threads\.runs\.retrieve\(\) until it breaks out/);
    assert.match(messages[1], /^This loop in poll\(\) calls fetch\(\)/);
  });

  it('does not flag loops with a deadline or counter, or outside handlers', async () => {
    await assertCleanTs(
      RULE,
      [
        ...HEAD,
        "app.post('/answer', async (req, res) => {",
        '  const deadline = Date.now() + 30_000;',
        '  while (true) {',
        '    const run = await openai.beta.threads.runs.retrieve(req.body.thread, req.body.run);',
        "    if (run.status === 'completed') return res.json(run);",
        "    if (Date.now() > deadline) throw new Error('timeout');",
        '  }',
        '  let attempt = 0;',
        '  while (!ok) {',
        '    attempt++;',
        "    ok = (await fetch('http://x', { signal: AbortSignal.timeout(2000) })).ok;",
        '    if (attempt > 3) break;',
        '  }',
        '});',
        'async function worker() {',
        '  while (true) {',
        "    await fetch('http://x', { signal: AbortSignal.timeout(2000) });",
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });
});
