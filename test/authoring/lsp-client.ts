/**
 * A minimal Language Server Protocol client over stdio (JSON-RPC 2.0 with
 * `Content-Length` framing), just enough to drive the real `yaml-language-server` the way
 * an editor does: requests with ids, notifications, answers to the server's own requests,
 * and waiting for a notification such as textDocument/publishDiagnostics.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A JSON-RPC message as it travels. */
interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

interface Waiter {
  method: string;
  accept: (params: unknown) => boolean;
  resolve: (params: unknown) => void;
}

export class LspClient {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private waiters: Waiter[] = [];
  /** every notification received, oldest first (for waits that start late) */
  readonly notifications: { method: string; params: unknown }[] = [];
  /** the server's stderr, for failure messages */
  stderr = '';
  private exited = false;

  /**
   * @param command executable (e.g. process.execPath)
   * @param args its arguments (e.g. the server's bin and `--stdio`)
   * @param settings answered to `workspace/configuration` requests, by section
   * @param env the server's environment (default: this process's)
   */
  constructor(command: string, args: readonly string[], cwd: string, private readonly settings: Record<string, unknown> = {}, env?: NodeJS.ProcessEnv) {
    this.proc = spawn(command, [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.proc.stdin.on('error', () => undefined);
    this.proc.on('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`language server exited\n${this.stderr}`));
      this.pending.clear();
    });
  }

  /** whether the server process is still running */
  get alive(): boolean {
    return !this.exited;
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) throw new Error(`bad LSP header: ${header}`);
      const length = Number(m[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(msg: Message): void {
    if (msg.method !== undefined && msg.id !== undefined) {
      // A request from the server: answer what an editor would.
      let result: unknown = null;
      if (msg.method === 'workspace/configuration') {
        const items = (msg.params as { items?: { section?: string }[] }).items ?? [];
        result = items.map((i) => (i.section === undefined ? this.settings : (this.settings[i.section] ?? null)));
      }
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method !== undefined) {
      this.notifications.push({ method: msg.method, params: msg.params });
      const ready = this.waiters.filter((w) => w.method === msg.method && w.accept(msg.params));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(msg.params);
      return;
    }
    if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`LSP error ${msg.error.code}: ${msg.error.message}`));
      else p.resolve(msg.result);
    }
  }

  /** Send a request and wait for its result (rejects after `timeoutMs`). */
  request<T = unknown>(method: string, params: unknown, timeoutMs = 20_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`language server exited\n${this.stderr}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Send a notification. */
  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * The first notification `method` whose params satisfy `accept`, counting those that
   * already arrived; rejects after `timeoutMs`.
   */
  waitFor<T = unknown>(method: string, accept: (params: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const seen = this.notifications.find((n) => n.method === method && accept(n.params as T));
    if (seen) return Promise.resolve(seen.params as T);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        method,
        accept: (p) => accept(p as T),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} within ${timeoutMs} ms\n${this.stderr}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** shutdown + exit, then make sure the process is gone. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    try {
      await this.request('shutdown', null, 5_000);
      this.notify('exit', null);
    } catch {
      // fall through to kill
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(timer);
  }
}
