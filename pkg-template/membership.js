// Membership changes at any size: plan (the core's planMembership), then apply one call at a
// time, waiting out a group whose previous change is still being applied, and resumable
// (applying again describes afresh and plans only what is left).
import { SlbError } from './wire.js';
import { invalid, isObject } from './input.js';

const SET = 'SetVServerGroupAttribute';
const REMOVE = 'RemoveVServerGroupBackendServers';
// A membership change waits on a busy group (VServerGroupProcessing, ...) with short first
// waits: the next call is refused until the group has applied the last one, which the
// first retries catch early. The client's retry policy still decides which codes are worth
// another try.
const APPLY_RETRY = { attempts: 10, baseDelayMs: 25, maxDelayMs: 2000 };
// How long one call may keep being refused as busy before the apply gives up on it.
const BUSY_BUDGET_MS = 10 * 60 * 1000;

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error an apply that stops ends with: what was done, the call that failed, what is left. */
function applyFailed(plan, done, failed, remaining, cause) {
  const at = failed ? `at call ${done.length + 1} of ${done.length + 1 + remaining.length} (${failed.action})` : 'when aborted';
  const error = new SlbError('MembershipApplyFailed',
    `the membership change stopped ${at}: ${cause.code}: ${cause.message}. ${done.length} call(s) were made; `
    + 'apply again to finish (it describes the group afresh and plans only what is left).');
  return Object.assign(error, { plan, done, failed, remaining, cause });
}


/** The request and options of plan and apply, checked before anything is sent. */
function checkInput(request, options) {
  if (!isObject(request)) throw invalid('request', 'the request must be { regionId, vServerGroupId, members }');
  if (options === undefined) return {};
  if (!isObject(options)) throw invalid('options', 'the options must be an object');
  const { dryRun = false, addFirst = false, drainMs = 0, signal, onProgress } = options;
  for (const [name, value] of [['dryRun', dryRun], ['addFirst', addFirst]]) {
    if (typeof value !== 'boolean') throw invalid(`options.${name}`, `options.${name} must be true or false`);
  }
  if (typeof drainMs !== 'number' || !(drainMs >= 0 && drainMs <= 3_600_000)) {
    throw invalid('options.drainMs', 'options.drainMs must be a number of milliseconds from 0 to 3600000');
  }
  if (signal !== undefined && !(isObject(signal) && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    throw invalid('options.signal', 'options.signal must be an AbortSignal');
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw invalid('options.onProgress', 'options.onProgress must be a function');
  return { dryRun, addFirst, drainMs, signal, onProgress };
}

/** The calls that set the weight of members about to be removed to 0, by 20. */
function drainCalls(plan) {
  const servers = plan.remove
    .filter((s) => s.weight !== 0)
    .map(({ serverId, port, type, serverIp }) => ({ serverId, port, type, serverIp, weight: 0 }));
  const calls = [];
  for (let i = 0; i < servers.length; i += 20) calls.push({ action: SET, backendServers: servers.slice(i, i + 20) });
  return calls;
}

/**
 * How long to wait after a change before sending the next one to the same group: about as
 * long as the group took to take the last one, learnt as the apply goes. A group refuses a
 * change while it applies the previous one, and a refused try costs a request and a backoff
 * that overshoots; waiting out the learnt time sends most calls once. Each call taken at the
 * first try lowers the estimate by 3%, so it follows a group that speeds up, at the cost of
 * a refused try now and then.
 */
function pacer() {
  let doneAt = 0;
  let estimateMs = 0;
  let roundTripMs = 0;
  return {
    wait: () => Math.max(0, doneAt + estimateMs - Date.now()),
    /** After a call sent at `sentAt`; `firstTry`: it was taken without a refusal. */
    done(sentAt, firstTry) {
      const now = Date.now();
      if (firstTry) {
        roundTripMs = now - sentAt;
        estimateMs *= 0.97;
      } else if (doneAt) {
        // Taken about half a round trip before its answer came back.
        estimateMs = Math.max(0, now - doneAt - roundTripMs / 2);
      }
      doneAt = now;
    },
  };
}

/**
 * The membership methods of SlbClient. `send(action, request, retry)` is the client's call,
 * resolving to `{ result, attempts }`; `planMembership` the core's planner.
 */
export function membership(send, planMembership) {
  async function describeAndPlan({ regionId, vServerGroupId, members }, addFirst) {
    if (!Array.isArray(members)) throw invalid('request.members', 'request.members must be an array of the members wanted');
    const { result, attempts } = await send('DescribeVServerGroupAttribute', { regionId, vServerGroupId });
    return { plan: planMembership(result.backendServers, members, { addFirst }), attempts };
  }

  // One call, sent until it is done, fails for good, or stays busy past the budget.
  // Answers whether the first try was taken.
  async function sendUntilDone(call, at, signal, count) {
    const deadline = Date.now() + BUSY_BUDGET_MS;
    for (let tries = 0; ; tries++) {
      try {
        const { attempts } = await send(call.action, { ...at, backendServers: call.backendServers }, APPLY_RETRY);
        count(attempts);
        return tries === 0 && attempts === 1;
      } catch (error) {
        count(error.attempts ?? 1);
        if (!error.retryable || Date.now() > deadline || signal?.aborted) throw error;
        await sleep(APPLY_RETRY.maxDelayMs, signal);
      }
    }
  }

  async function apply(request, options) {
    const { dryRun, addFirst, drainMs, signal, onProgress } = checkInput(request, options);
    const at = { regionId: request.regionId, vServerGroupId: request.vServerGroupId };
    let { plan, attempts } = await describeAndPlan(request, addFirst);
    if (dryRun) return { plan, calls: 0, attempts };
    const steps = [...(drainMs > 0 ? drainCalls(plan) : []), ...plan.calls];
    const drained = steps.length - plan.calls.length;
    let drainedAt = 0;
    const done = [];
    const pace = pacer();
    for (const call of steps) {
      try {
        if (signal?.aborted) throw signal.reason;
        if (call.action === REMOVE && drained > 0) await sleep(Math.max(0, drainedAt + drainMs - Date.now()), signal);
        await sleep(pace.wait(), signal);
        const sentAt = Date.now();
        pace.done(sentAt, await sendUntilDone(call, at, signal, (n) => { attempts += n; }));
      } catch (error) {
        const aborted = signal?.aborted && !(error instanceof SlbError);
        const cause = aborted ? { code: 'Aborted', message: 'the apply was aborted' } : { code: error.code, status: error.status, message: error.message };
        const failed = aborted ? null : call;
        throw applyFailed(plan, done, failed, steps.slice(done.length + (failed ? 1 : 0)), cause);
      }
      done.push(call);
      if (done.length === drained) drainedAt = Date.now();
      onProgress?.({ done: done.length, total: steps.length, call });
    }
    return { plan, calls: done.length, attempts };
  }

  return {
    async planVServerGroupMembers(request, options) {
      const { addFirst = false } = checkInput(request, options);
      return (await describeAndPlan(request, addFirst)).plan;
    },
    applyVServerGroupMembers: apply,
  };
}
