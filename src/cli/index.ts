export { main } from './main.ts';
export { startServer, type AppServer } from './server.ts';
export { ensureAppBuilt } from './appBuild.ts';
export { launchBrowser, openCapturePage, CHROME_FLAGS } from './browser.ts';
export { DirectorySink } from './DirectorySink.ts';
export { nodeDeflate, nodeInflate } from './nodeDeflate.ts';
