/// <reference types="vite/client" />
// The agent console page: the account `npm start` serves (VITE_ACCOUNT), or `?account=` in the
// page's address; `?platform=` points it at another proxy of the platform.
import './define.js';

const agentConsole = document.querySelector('lp-agent-console')!;
const params = new URLSearchParams(location.search);
agentConsole.account = params.get('account') ?? import.meta.env.VITE_ACCOUNT ?? '123456';
const platform = params.get('platform');
if (platform) agentConsole.platform = platform;
