// Which remdev-lint to run, and which files it lints. No `vscode` import: the tests run in plain node.
import * as path from 'node:path';

/** The program to run and the arguments that come before `server`. */
export interface Command {
  command: string;
  args: string[];
  /** Where it was found: the `remdev-lint.path` setting, a workspace virtual environment, `VIRTUAL_ENV`, or PATH. */
  source: 'setting' | 'workspace' | 'VIRTUAL_ENV' | 'PATH';
}

/** The shape of a `vscode.DocumentFilter` that this extension uses. */
export interface DocumentFilter {
  scheme: 'file';
  pattern: string;
}

export type Env = Readonly<Record<string, string | undefined>>;
export type FileExists = (file: string) => boolean;

const NAME = 'remdev-lint';

/**
 * The remdev-lint to run, first found of:
 * 1. the `remdev-lint.path` setting: a string, or an array whose first item is the program and the
 *    rest are arguments before `server` (`${workspaceFolder}` is expanded to the first folder);
 * 2. `.venv` or `venv` in a workspace folder;
 * 3. the virtual environment that `VIRTUAL_ENV` names;
 * 4. PATH.
 * Null when none has it. The setting is returned as written (see `programExists`).
 */
export function resolveCommand(
  settingPath: unknown,
  workspaceFolders: readonly string[],
  env: Env,
  fileExists: FileExists,
  platform: NodeJS.Platform = process.platform,
): Command | null {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const setting = (typeof settingPath === 'string' ? [settingPath] : Array.isArray(settingPath) ? settingPath : [])
    .filter((item): item is string => typeof item === 'string')
    .map((item) => expand(item, workspaceFolders[0]));
  if (setting.length > 0 && setting[0].trim() !== '') {
    let [command, ...args] = setting;
    if (hasSeparator(command, platform) && !p.isAbsolute(command) && workspaceFolders.length > 0) {
      command = p.resolve(workspaceFolders[0], command);
    }
    return { command, args, source: 'setting' };
  }

  const [bin, exe] = platform === 'win32' ? ['Scripts', `${NAME}.exe`] : ['bin', NAME];
  for (const folder of workspaceFolders) {
    for (const venv of ['.venv', 'venv']) {
      const candidate = p.join(folder, venv, bin, exe);
      if (fileExists(candidate)) {
        return { command: candidate, args: [], source: 'workspace' };
      }
    }
  }

  const virtualEnv = env.VIRTUAL_ENV;
  if (virtualEnv && p.isAbsolute(virtualEnv)) {
    const candidate = p.join(virtualEnv, bin, exe);
    if (fileExists(candidate)) {
      return { command: candidate, args: [], source: 'VIRTUAL_ENV' };
    }
  }

  const onPath = findOnPath(exe, env, fileExists, platform);
  return onPath === null ? null : { command: onPath, args: [], source: 'PATH' };
}

/** The first `PATH` folder (absolute ones only) that holds `name`, joined with it; null if none. */
export function findOnPath(
  name: string,
  env: Env,
  fileExists: FileExists,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const p = platform === 'win32' ? path.win32 : path.posix;
  // Windows spells it Path, and a copied environment is not case-insensitive.
  const key = platform === 'win32' ? Object.keys(env).find((k) => k.toUpperCase() === 'PATH') : 'PATH';
  const value = key === undefined ? undefined : env[key];
  for (const folder of (value ?? '').split(p.delimiter)) {
    if (folder !== '' && p.isAbsolute(folder) && fileExists(p.join(folder, name))) {
      return p.join(folder, name);
    }
  }
  return null;
}

/** Whether `command` (a path, or a bare name looked up on PATH, `.exe` added on Windows) exists. */
export function programExists(
  command: string,
  env: Env,
  fileExists: FileExists,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (hasSeparator(command, platform)) {
    return fileExists(command);
  }
  const name = platform === 'win32' && !/\.exe$/i.test(command) ? `${command}.exe` : command;
  return findOnPath(name, env, fileExists, platform) !== null;
}

function hasSeparator(command: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? /[\\/]/.test(command) : command.includes('/');
}

function expand(value: string, workspaceFolder: string | undefined): string {
  return workspaceFolder === undefined ? value : value.split('${workspaceFolder}').join(workspaceFolder);
}

/**
 * The files remdev-lint lints, as VS Code glob patterns over the file's path. They follow the
 * globs of remdev-lint's built-in rules (rules/*.yaml), plus OpenSSH fragments that a
 * configuration includes (`.ssh/config.d/*`, `*.conf` under `.ssh/`), which it judges through
 * the file that includes them.
 */
export const PATTERNS: readonly string[] = [
  // Go
  '**/go.mod',
  '**/go.work',
  '**/*.go',
  // VS Code
  '**/.vscode/{launch,tasks,settings}.json',
  '**/*.code-workspace',
  // Dev Containers and Docker
  '**/{.devcontainer/devcontainer.json,.devcontainer.json,.devcontainer/*/devcontainer.json}',
  '**/*compose*.{yml,yaml}',
  '**/{*Dockerfile,Dockerfile.*,Dockerfile-*,Dockerfile_*,*.dockerfile,Containerfile,Containerfile.*}',
  // Commands that start Delve
  '**/*.sh',
  '**/{Makefile,makefile,GNUmakefile,*.mk}',
  // OpenSSH
  '**/{ssh_config,sshd_config,*.ssh_config,*.sshconfig}',
  '**/{ssh_config.d,sshd_config.d}/*.conf',
  '**/ssh/config',
  '**/.ssh/{config,config.d/*}',
  '**/.ssh/**/*.conf',
];

/** The language client's document selector: local files whose path matches one of `PATTERNS`. */
export function documentSelector(): DocumentFilter[] {
  return PATTERNS.map((pattern) => ({ scheme: 'file', pattern }));
}
