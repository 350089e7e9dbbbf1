import { fork, type ChildProcess } from 'node:child_process';

/** Starts goInfoServer.ts in a child process (so that client and server do not share an event loop). */
export async function startGoInfoServer(): Promise<{ child: ChildProcess; origin: string }> {
  const child = fork(new URL('./goInfoServer.ts', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { port: number }));
    child.once('error', reject);
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}
