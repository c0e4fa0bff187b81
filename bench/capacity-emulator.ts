/** The emulator alone in its own process, for the capacity bench: prints its URL, runs until killed. */
import { startEmulator } from '../emulator/server.js';

const emulator = await startEmulator({ port: 0, config: { limits: { maxChats: 5000 } } });
console.log(JSON.stringify({ url: emulator.url }));
