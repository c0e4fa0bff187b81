/**
 * The agent console (demo/agent.html) against the visitor's window: one browser plays the agent,
 * another the visitor, with no bot. The console is served by Vite as `npm start` serves it and
 * reaches the emulator (CORS off) through its same-origin proxy; the window goes through the relay.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { startDevServer } from './dev-server.js';
import { agentProxyMiddleware } from '../demo/agent/dev-proxy.js';
import type { Emulator } from '../emulator/server.js';
import type { Chat, LineEvent } from '../emulator/state.js';
import type { SurveyDefinition } from '../emulator/surveys.js';
import { ACCOUNT, axeViolations, expect, test as base } from './fixtures.js';

interface ConsoleServer {
  url: string;
  /** The emulator the proxy forwards to (each test has its own). */
  platform: { url: string };
}

/** Opens a console in a browser context of its own (each signed-in agent has its own cookies). */
type OpenConsole = (options?: { allow?: RegExp }) => Promise<Page>;

const test = base.extend<{ openConsole: OpenConsole }, { consoleServer: ConsoleServer }>({
  consoleServer: [
    async ({}, use) => {
      const platform = { url: '' };
      const server = await startDevServer('demo/agent.html', agentProxyMiddleware(() => platform.url));
      await use({ url: server.url, platform });
      await server.close();
    },
    { scope: 'worker' },
  ],
  openConsole: async ({ browser, consoleServer, platform }, use) => {
    consoleServer.platform.url = platform.emulator.url;
    const problems: string[] = [];
    const contexts: BrowserContext[] = [];
    await use(async ({ allow } = {}) => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (m) => void (m.type() === 'error' && !allow?.test(m.text()) && problems.push(`console.error: ${m.text()}`)));
      await page.goto(`${consoleServer.url}/demo/agent.html?account=${ACCOUNT}`);
      return page;
    });
    for (const context of contexts) await context.close();
    expect(problems).toEqual([]);
  },
});

test.use({ withBot: false, relayed: true });

async function signIn(agent: Page, username: string, password = username): Promise<void> {
  await agent.getByLabel('Login name').fill(username);
  await agent.getByLabel('Password').fill(password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByText('Signed in as')).toBeVisible();
}

/** Picks an availability, and waits until the platform has it (the visitor's window asks at once). */
async function choose(agent: Page, availability: 'Online' | 'Away', emulator: Emulator, loginName: string): Promise<void> {
  await agent.getByRole('radio', { name: availability }).check();
  const { id } = emulator.config.agents.find((a) => a.loginName === loginName)!;
  await expect
    .poll(() => [...emulator.state.agentSessions.values()].filter((s) => s.agentId === id).map((s) => s.availability))
    .toEqual([availability]);
}

/** The visitor opens the window and starts a chat through the pre-chat survey. */
async function startChat(visitor: Page, pageUrl: string, name: string) {
  await visitor.goto(pageUrl);
  await visitor.getByRole('button', { name: /Chat/ }).click();
  const dialog = visitor.getByRole('dialog', { name: 'Chat' });
  await dialog.getByLabel(/What would you like to chat about/).selectOption('My order');
  await dialog.getByLabel(/What is your name/).fill(name);
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  return dialog;
}

/** The terms and definitions of a list under a heading of the chat's details, in order. */
const listUnder = (heading: string) => (about: Locator) => about.locator(`h4:text-is("${heading}") + dl`).locator('dt, dd');
const answersIn = listUnder('Pre-chat answers');
const attributesIn = listUnder('Engagement attributes');

const linesOf = (chat: Chat, source: LineEvent['source']) =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === source).map((e) => [e.by, e.text, e.textType, e.subType]);

test('an agent takes a visitor\'s chat: lines both ways in plain text and HTML, typing, then a transfer to a colleague\'s skill', async ({
  page: visitor,
  platform,
  openConsole,
}) => {
  const { emulator } = platform;
  await emulator.updateConfig({
    skills: [...emulator.config.skills, { id: '2', name: 'Billing' }],
    agents: [...emulator.config.agents, { id: '3705342611', loginName: 'sam', password: 'sam', nickname: 'Sam', skills: ['Billing'], maxChats: 4 }],
    surveys: { exit: null },
  });

  const alex = await openConsole();
  await signIn(alex, 'agent');
  await expect(alex.getByRole('status').filter({ hasText: 'No chat waiting' })).toBeVisible();
  await choose(alex, 'Online', emulator, 'agent');

  // The visitor starts a chat; it rings at the console.
  const dialog = await startChat(visitor, platform.pageUrl, 'Dana');
  const log = dialog.getByRole('log');
  await expect(alex.getByRole('status').filter({ hasText: '1 chat waiting' })).toBeVisible();
  await alex.getByRole('button', { name: 'Accept chat' }).click();
  await expect(alex.getByRole('tab', { name: 'Dana' })).toHaveAttribute('aria-selected', 'true');
  const reply = alex.getByRole('textbox', { name: 'Reply' });
  await expect(reply).toBeFocused();
  await expect(alex.getByRole('status').filter({ hasText: 'No chat waiting' })).toBeVisible();

  // What the platform says about the visitor: the name from the pre-chat survey, the skill, the engagement.
  const about = alex.getByRole('complementary', { name: 'About Dana' });
  await expect(about).toContainText('Sales');
  await expect(about).toContainText(emulator.config.engagement.engagementId);
  await expect(about).toContainText(emulator.config.engagement.campaignId);

  // The visitor writes; the console shows the visitor typing, then the line. (Typing is reported
  // once the window knows the agent has the chat: before, the platform takes none.)
  const transcript = alex.getByRole('log', { name: 'Conversation with Dana' });
  const message = dialog.getByRole('textbox', { name: 'Message' });
  await expect(dialog.getByText('Chatting with Alex', { exact: true })).toBeVisible();
  await message.pressSequentially('My order has not arrived', { delay: 20 });
  await expect(alex.getByText('Dana is typing…')).toBeVisible();
  await message.press('Enter');
  await expect(transcript.getByText('My order has not arrived')).toBeVisible();
  await expect(alex.getByText('Dana is typing…')).toBeHidden();

  // The agent types: the visitor sees it; Enter sends a plain line.
  await reply.pressSequentially('Let me look into it', { delay: 20 });
  await expect(dialog.getByText('Alex is typing')).toBeVisible();
  await reply.press('Enter');
  await expect(log.getByText('Let me look into it')).toBeVisible();
  await expect(dialog.getByText('Alex is typing')).toBeHidden();
  await expect(reply).toHaveValue('');

  // An HTML line: the visitor's window shows it sanitised, with a link that opens a new tab.
  await alex.getByRole('radio', { name: 'HTML' }).check();
  await reply.fill('<p>Track it on <a href="https://www.example.com/track" onclick="alert(1)">the tracking page</a></p>');
  await alex.getByRole('button', { name: 'Send' }).click();
  const link = log.getByRole('link', { name: 'the tracking page' });
  await expect(link).toHaveAttribute('href', 'https://www.example.com/track');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(transcript.getByText('<a href="https://www.example.com/track"', { exact: false })).toBeVisible();

  expect(await axeViolations(alex)).toEqual([]);

  // A colleague with another skill comes Online; the chat goes to that skill, with a note for them.
  const sam = await openConsole();
  await signIn(sam, 'sam');
  await choose(sam, 'Online', emulator, 'sam');
  await alex.getByText('Transfer', { exact: true }).click();
  await alex.getByLabel('Skill').selectOption({ label: 'Billing (1 online)' });
  await alex.getByLabel('Note for the next agent').fill('Order 1234 lost, wants a refund');
  await alex.getByRole('button', { name: 'Transfer chat' }).click();
  await expect(alex.getByRole('status').filter({ hasText: 'Transferred to Billing.' })).toBeVisible();
  await expect(alex.getByRole('tab', { name: /Dana.*transferred/ })).toBeVisible();
  await expect(reply).toHaveCount(0);
  await expect(log.getByText('Your chat is being transferred to another agent group. Please wait.')).toBeVisible();

  await expect(sam.getByRole('status').filter({ hasText: '1 chat waiting' })).toBeVisible();
  await sam.getByRole('button', { name: 'Accept chat' }).click();
  // The chat's visit is Sam's to read now: the pre-chat answers come with it.
  await expect(answersIn(sam.getByRole('complementary', { name: 'About Dana' }))).toHaveText([
    'What would you like to chat about?',
    'My order',
    'What is your name?',
    'Dana',
  ]);
  const samTranscript = sam.getByRole('log', { name: 'Conversation with Dana' });
  // The whole conversation, and the note only agents see.
  await expect(samTranscript.getByText('My order has not arrived')).toBeVisible();
  await expect(samTranscript.getByRole('listitem').filter({ hasText: 'Order 1234 lost, wants a refund' })).toContainText('only agents see this');
  await sam.getByRole('textbox', { name: 'Reply' }).fill('Hi Dana, Sam from billing here.');
  await sam.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(log.getByText('Hi Dana, Sam from billing here.')).toBeVisible();
  await expect(log.getByText('Order 1234 lost')).toHaveCount(0);

  // Sam ends the chat; both sides see it end; the tab closes and the focus lands on the empty workspace.
  await sam.getByRole('button', { name: 'End chat' }).click();
  await expect(dialog.getByText('The chat has ended.')).toBeVisible();
  await expect(sam.getByRole('status').filter({ hasText: 'The chat has ended.' })).toBeVisible();
  await sam.getByRole('button', { name: 'Close chat' }).click();
  await expect(sam.getByRole('tab')).toHaveCount(0);
  await expect(sam.getByRole('heading', { name: 'No chats open' })).toBeFocused();

  const [chat] = [...emulator.state.chats.values()];
  expect(chat!.endedBy).toBe('agent');
  expect(linesOf(chat!, 'visitor')).toEqual([['Dana', 'My order has not arrived', 'plain', 'REGULAR']]);
  expect(linesOf(chat!, 'agent')).toEqual([
    ['Alex', 'Let me look into it', 'plain', 'REGULAR'],
    ['Alex', '<p>Track it on <a href="https://www.example.com/track" onclick="alert(1)">the tracking page</a></p>', 'html', 'REGULAR'],
    ['Alex', 'Order 1234 lost, wants a refund', 'plain', 'ONLY_TO_REP'],
    ['Sam', 'Hi Dana, Sam from billing here.', 'plain', 'REGULAR'],
  ]);
});

test('several chats in tabs: each reply reaches its own visitor, news is marked, arrow keys move between tabs', async ({
  page: ana,
  browser,
  platform,
  openConsole,
}) => {
  const { emulator } = platform;
  await emulator.updateConfig({ surveys: { exit: null } });

  // A wrong password is refused with the platform's reason (the browser logs the 401 itself).
  const agent = await openConsole({ allow: /the server responded with a status of 401/ });
  await agent.getByLabel('Login name').fill('agent');
  await agent.getByLabel('Password').fill('wrong');
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByRole('alert')).toHaveText('Authentication failed: wrong username or password');
  await signIn(agent, 'agent');
  await choose(agent, 'Online', emulator, 'agent');

  const anaDialog = await startChat(ana, platform.pageUrl, 'Ana');
  await agent.getByRole('button', { name: 'Accept chat' }).click();
  await expect(agent.getByRole('tab', { name: 'Ana' })).toHaveAttribute('aria-selected', 'true');

  const benContext = await browser.newContext();
  const ben = await benContext.newPage();
  const benDialog = await startChat(ben, platform.pageUrl, 'Ben');
  await agent.getByRole('button', { name: 'Accept chat' }).click();
  await expect(agent.getByRole('tab', { name: 'Ben' })).toHaveAttribute('aria-selected', 'true');
  await expect(agent.getByRole('tab', { name: 'Ana' })).toHaveAttribute('aria-selected', 'false');
  await expect(agent.getByRole('tabpanel')).toHaveCount(1);

  // Ben's tab is shown: the reply goes to Ben only.
  const reply = agent.getByRole('textbox', { name: 'Reply' });
  await expect(reply).toBeFocused();
  await reply.fill('Hello Ben');
  await reply.press('Enter');
  await expect(benDialog.getByRole('log').getByText('Hello Ben')).toBeVisible();

  // Ana writes meanwhile: her tab says there is news.
  await anaDialog.getByRole('textbox', { name: 'Message' }).fill('Anyone there?');
  await anaDialog.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(agent.getByRole('tab', { name: 'Ana new' })).toBeVisible();

  // The keyboard moves to Ana's tab, which shows her line; the news mark goes.
  await agent.getByRole('tab', { name: 'Ben' }).focus();
  await agent.keyboard.press('ArrowLeft');
  const anaTab = agent.getByRole('tab', { name: 'Ana' });
  await expect(anaTab).toBeFocused();
  await expect(anaTab).toHaveAttribute('aria-selected', 'true');
  await expect(agent.getByRole('tab', { name: 'Ana new' })).toHaveCount(0);
  await expect(agent.getByRole('log', { name: 'Conversation with Ana' }).getByText('Anyone there?')).toBeVisible();
  await agent.keyboard.press('End');
  await expect(agent.getByRole('tab', { name: 'Ben' })).toBeFocused();
  await agent.keyboard.press('Home');
  await expect(anaTab).toBeFocused();
  await reply.fill('Yes, Ana, I am here');
  await reply.press('Enter');
  await expect(anaDialog.getByRole('log').getByText('Yes, Ana, I am here')).toBeVisible();
  await expect(benDialog.getByRole('log').getByText('Yes, Ana, I am here')).toHaveCount(0);

  // Ben leaves: his tab says so. The agent ends Ana's chat.
  await benDialog.getByRole('button', { name: 'End chat' }).click();
  await benDialog.getByRole('group', { name: 'End this chat?' }).getByRole('button', { name: 'End chat' }).click();
  await expect(agent.getByRole('tab', { name: /Ben.*ended/ })).toBeVisible();
  await agent.getByRole('button', { name: 'End chat' }).click();
  await expect(anaDialog.getByText('The chat has ended.')).toBeVisible();
  await expect(agent.getByRole('tab', { name: /Ana.*ended/ })).toBeVisible();
  expect(await axeViolations(agent)).toEqual([]);

  // Away: the agent keeps the chats open and is offered no new ones.
  await choose(agent, 'Away', emulator, 'agent');
  await expect(agent.getByRole('radio', { name: 'Away' })).toBeFocused();

  // Signing out takes the agent out of routing and ends the agent session.
  await agent.getByRole('button', { name: 'Sign out' }).click();
  await expect(agent.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect.poll(() => emulator.state.agentSessions.size).toBe(0);
  const chats = [...emulator.state.chats.values()];
  expect(chats.map((c) => c.endedBy)).toEqual(['agent', 'visitor']);
  await benContext.close();
});

/** A pre-chat survey whose choices have labels of their own (`displayValue`) besides their values. */
const PRE_CHAT: SurveyDefinition = {
  id: 5150,
  title: '',
  header: 'Before we start',
  questions: [
    {
      id: 31,
      logicId: 1,
      order: 0,
      type: 'Dropdown Box',
      label: 'What is it about?',
      mandatory: true,
      validationType: 'alpha_numeric',
      entries: [
        { value: 'ORD', displayValue: 'An order', checked: false },
        { value: 'RET', displayValue: 'A return', checked: false },
      ],
    },
    { id: 30, logicId: 2, order: 1, type: 'Text Field', label: 'Your name', mandatory: true, validationType: 'alpha_numeric' },
    {
      id: 32,
      logicId: 3,
      order: 2,
      type: 'Checkbox',
      label: 'Which products do you own?',
      mandatory: false,
      validationType: 'alpha_numeric',
      entries: [
        { value: 'P', displayValue: 'Phone', checked: false },
        { value: 'T', displayValue: 'Tablet', checked: false },
        { value: 'L', displayValue: 'Laptop', checked: false },
      ],
    },
  ],
};

const CART = {
  type: 'cart',
  total: 120,
  currency: 'USD',
  numItems: 3,
  products: [
    { product: { name: 'Tent', price: 50 }, quantity: 2 },
    { product: { name: 'Lamp', price: 20 }, quantity: 1 },
  ],
};
const PERSONAL = { type: 'personal', personal: { firstname: 'Jane', lastname: 'Doe', contacts: [{ email: 'jane@example.com' }] } };

test('the agent sees what the visitor told: the pre-chat answers with their labels and the page\'s engagement attributes', async ({
  page: visitor,
  platform,
  openConsole,
}) => {
  const { emulator } = platform;
  await emulator.updateConfig({ surveys: { exit: null, preChat: PRE_CHAT } });
  const agent = await openConsole();
  await signIn(agent, 'agent');
  await choose(agent, 'Online', emulator, 'agent');

  // The brand's page tells the window about the visitor's cart and who they are.
  const page = new URL(platform.pageUrl);
  page.searchParams.set('engagement-attributes', JSON.stringify([CART, PERSONAL]));
  await visitor.goto(page.href);
  await visitor.getByRole('button', { name: /Chat/ }).click();
  const dialog = visitor.getByRole('dialog', { name: 'Chat' });
  await dialog.getByLabel(/What is it about/).selectOption('A return');
  await dialog.getByLabel(/Your name/).fill('Jane');
  await dialog.getByRole('checkbox', { name: 'Phone' }).check();
  await dialog.getByRole('checkbox', { name: 'Laptop' }).check();
  await dialog.getByRole('button', { name: 'Start chat' }).click();

  await agent.getByRole('button', { name: 'Accept chat' }).click();
  const about = agent.getByRole('complementary', { name: 'About Jane' });
  const visitorSection = about.locator('section', { has: agent.getByRole('heading', { name: 'Visitor', exact: true }) });
  await expect(visitorSection.locator('dl').first().locator('dt, dd')).toHaveText(['Name', 'Jane']);
  await expect(answersIn(about)).toHaveText(['What is it about?', 'A return', 'Your name', 'Jane', 'Which products do you own?', 'Phone, Laptop']);
  await expect(attributesIn(about)).toHaveText(['Cart', 'total 120 USD, 3 items: Tent ×2, Lamp', 'Personal', 'Jane Doe, jane@example.com']);
  // The platform was told the values; the agent reads the labels.
  const [chat] = [...emulator.state.chats.values()];
  expect(chat!.request.survey?.answers).toEqual({ '31': ['RET'], '30': ['Jane'], '32': ['P', 'L'] });
  expect(await axeViolations(agent)).toEqual([]);

  // The chat goes on as ever beside it.
  await agent.getByRole('textbox', { name: 'Reply' }).fill('Hi Jane, about your return');
  await agent.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(dialog.getByRole('log').getByText('Hi Jane, about your return')).toBeVisible();
});

test('a visit that cannot be read: a note in the visitor\'s details, and the chat goes on', async ({ page: visitor, platform, openConsole }) => {
  const { emulator } = platform;
  await emulator.updateConfig({ surveys: { exit: null } });
  const agent = await openConsole({ allow: /the server responded with a status of 404/ });
  await agent.route('**/visits/visit/**', (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { time: '', message: 'Visit not found', internalCode: 12 } }) }),
  );
  await signIn(agent, 'agent');
  await choose(agent, 'Online', emulator, 'agent');
  const dialog = await startChat(visitor, platform.pageUrl, 'Dana');
  await agent.getByRole('button', { name: 'Accept chat' }).click();

  const about = agent.getByRole('complementary', { name: 'About Dana' });
  await expect(about.getByText('The pre-chat answers and engagement attributes could not be read. Visit not found')).toBeVisible();
  await expect(agent.getByRole('alert')).toHaveCount(0);
  const reply = agent.getByRole('textbox', { name: 'Reply' });
  await reply.fill('Hello Dana');
  await reply.press('Enter');
  await expect(dialog.getByRole('log').getByText('Hello Dana')).toBeVisible();
});
