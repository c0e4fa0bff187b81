/** An agent over the emulator's Chat Agent API, as a person at the console: log in, go Online, accept. */
const json = (headers: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', Accept: 'application/json', ...headers });

export interface Agent {
  /** Accepts the next ringing chat; false when none rings yet. */
  accept(): Promise<boolean>;
}

export async function onlineAgent(base: string, account: string): Promise<Agent> {
  const login = await fetch(`${base}/api/account/${account}/login?v=1.3`, {
    method: 'POST',
    headers: json(),
    body: JSON.stringify({ username: 'agent', password: 'agent' }),
  }).then((r) => r.json() as Promise<{ bearer: string }>);
  const auth = { Authorization: `Bearer ${login.bearer}` };
  const session = await fetch(`${base}/api/account/${account}/agentSession.json?v=1&NC=true`, {
    method: 'POST',
    headers: json(auth),
    body: JSON.stringify({ loginData: '' }),
  }).then((r) => r.json() as Promise<{ agentSessionLocation: { link: { '@href': string } } }>);
  const url = session.agentSessionLocation.link['@href'];
  const online = await fetch(`${url}/availability.json?v=1&NC=true`, {
    method: 'POST',
    headers: json({ ...auth, 'X-HTTP-Method-Override': 'PUT' }),
    body: JSON.stringify({ availability: { chat: 'Online' } }),
  });
  if (!online.ok) throw new Error(`the agent could not go Online: ${online.status}`);
  return {
    async accept() {
      const answer = await fetch(`${url}/incomingRequests.json?v=1&NC=true`, {
        method: 'POST',
        headers: json(auth),
        body: JSON.stringify({ chat: 'start' }),
      });
      await answer.arrayBuffer();
      return answer.status === 201;
    },
  };
}
