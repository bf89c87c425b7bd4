/**
 * Where a process's CPU time goes, read from Linux's /proc by thread: the main thread (Hearth's
 * edge, or all of the bare app's JavaScript), the threads at a raised nice value (Hearth's core,
 * and V8's garbage-collection and compiler helpers, which src/threads.ts lowers too), and the rest
 * (the bare app's helpers).
 * Elsewhere than Linux it reads nothing and the benchmark says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ThreadCpu {
  main: number;
  niced: number;
  helpers: number;
}

/** Linux counts CPU time in clock ticks of 1/100 s. */
const msPerTick = 10;

export const canReadThreads = existsSync('/proc/self/task');

/** CPU time (user + system, ms) each kind of thread of `pid` has used so far. */
export function threadCpu(pid: number): ThreadCpu {
  const cpu: ThreadCpu = { main: 0, niced: 0, helpers: 0 };
  if (!canReadThreads) return cpu;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return cpu;
  }
  for (const tid of tasks) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended between the listing and the read
    }
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, nice the 17th.
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * msPerTick;
    if (Number(tid) === pid) cpu.main += ms;
    else if (Number(fields[16]) > 0) cpu.niced += ms;
    else cpu.helpers += ms;
  }
  return cpu;
}

export function cpuSince(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  return { main: after.main - before.main, niced: after.niced - before.niced, helpers: after.helpers - before.helpers };
}

export function addCpu(a: ThreadCpu, b: ThreadCpu): ThreadCpu {
  return { main: a.main + b.main, niced: a.niced + b.niced, helpers: a.helpers + b.helpers };
}
