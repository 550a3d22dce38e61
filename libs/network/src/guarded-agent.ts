import http from 'node:http';
import https from 'node:https';
import { createGuardedLookup } from './network-guard';

// Dedicated pools, so a socket opened without the guard (or with private networks allowed) is never reused here.
const agents = new Map<string, http.Agent>();

/** A keep-alive agent whose sockets connect only to addresses the network guard accepts (checked at connect time). */
export function guardedAgent(protocol: string, allowPrivateNetworks: boolean): http.Agent {
  const key = `${protocol}|${allowPrivateNetworks}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, lookup: createGuardedLookup({ allowPrivateNetworks }) };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}
