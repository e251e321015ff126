import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorHandler,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { documentSelector, programExists, resolveCommand } from './resolve';

const SECTION = 'remdev-lint';
/** Changing one of these settings restarts the server; the others reach it as didChangeConfiguration. */
const RESTART_SETTINGS = ['enable', 'path', 'args'].map((key) => `${SECTION}.${key}`);

/**
 * A client that leaves a failed start to the extension, which reports it once, with buttons,
 * instead of the client's own notifications (and restarts) for each step that failed.
 */
class Client extends LanguageClient {
  /** Set once `start()` has resolved. */
  started = false;

  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    super.error(message, data, this.started ? showNotification : false);
  }

  // When starting fails, the client stops itself, which rejects (a client that is not running
  // cannot be stopped) with no one to catch it; the server process is ended all the same.
  override stop(timeout?: number): Promise<void> {
    return this.started ? super.stop(timeout) : super.stop(timeout).catch(() => undefined);
  }
}

/** The client's default error handling once started; a server that exits while starting is not restarted. */
function errorHandler(client: () => Client): ErrorHandler {
  let fallback: ErrorHandler | undefined;
  const handler = () => (fallback ??= client().createDefaultErrorHandler(4));
  return {
    error: (error, message, count) => handler().error(error, message, count),
    closed: () => (client().started ? handler().closed() : { action: CloseAction.DoNotRestart, handled: true }),
  };
}

let output: vscode.OutputChannel;
let client: Client | undefined;
/** Starts and stops run one after the other; a failure is reported, never rejected. */
let queue: Promise<void> = Promise.resolve();

function schedule(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task).catch((error: unknown) => output.appendLine(`[error] ${describe(error)}`));
  return queue;
}

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('remdev-lint');
  const restart = () => schedule(async () => {
    await stop();
    await start();
  });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('remdev-lint.restart', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
        void restart();
      }
    }),
    // The first folder is the server's working directory, and the folders hold the virtual environments.
    vscode.workspace.onDidChangeWorkspaceFolders(() => void restart()),
  );
  // Not awaited: activation does not wait for the server.
  void schedule(start);
}

export function deactivate(): Promise<void> {
  return schedule(stop);
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  if (!config.get<boolean>('enable', true)) {
    output.appendLine('remdev-lint is disabled (remdev-lint.enable).');
    return;
  }
  const folders = (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
  const resolved = resolveCommand(config.get('path'), folders, process.env, isExecutableFile);
  if (resolved === null) {
    showError(
      'remdev-lint was not found in the workspace\'s virtual environment (.venv, venv), VIRTUAL_ENV or PATH. ' +
        'Install it where the workspace\'s files are (`pip install remdev-lint`), or set remdev-lint.path.',
    );
    return;
  }
  if (resolved.source === 'setting' && !programExists(resolved.command, process.env, isExecutableFile)) {
    showError(`remdev-lint.path names \`${resolved.command}\`, which is not an executable file.`);
    return;
  }

  const userArgs = config.get<unknown[]>('args', []).filter((arg): arg is string => typeof arg === 'string');
  const args = [...resolved.args, 'server', ...userArgs];
  const serverOptions: ServerOptions = {
    command: resolved.command,
    args,
    transport: TransportKind.stdio,
    options: { cwd: folders[0] },
  };
  output.appendLine(`Starting ${[resolved.command, ...args].join(' ')} (from ${resolved.source})`);

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationFailedHandler: () => false,
    errorHandler: errorHandler(() => next),
  };
  const next = new Client(SECTION, 'remdev-lint', serverOptions, clientOptions);
  try {
    // When the server exits during `initialize`, vscode-languageclient 9's start() resolves, and the
    // promise that tracks the start rejects with no one to catch it. A second call made while
    // starting returns that promise, so awaiting both observes it; isRunning() settles the rest.
    await Promise.all([next.start(), next.start()]);
    if (!next.isRunning()) {
      throw new Error('the server exited while starting');
    }
  } catch (error) {
    await next.dispose();
    showError(
      `The remdev-lint server failed to start (${describe(error)}). ` +
        'Check that remdev-lint is recent enough to have the `server` command, and see the output for details.',
    );
    return;
  }
  next.started = true;
  client = next;
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.needsStop()) {
    try {
      if (running.state === State.Starting) {
        await running.start(); // the client is restarting a crashed server: a client that is starting cannot stop
      }
      await running.stop();
    } catch (error) {
      output.appendLine(`[error] Stopping the remdev-lint server failed: ${describe(error)}`);
    }
  }
}

function showError(message: string): void {
  output.appendLine(`[error] ${message}`);
  const settings = 'Open Settings';
  const log = 'Show Output';
  void Promise.resolve(vscode.window.showErrorMessage(message, settings, log)).then(async (choice) => {
    if (choice === settings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:remdev-lint.remdev-lint`);
    } else if (choice === log) {
      output.show();
    }
  }).catch(() => undefined);
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
