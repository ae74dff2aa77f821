/** Entry point of `dist/server.js`: the transport comes from the command line (`--stdio`, `--node-ipc`). */
import { startServer } from './server';

startServer();
