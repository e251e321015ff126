import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { documentSelector, findOnPath, programExists, resolveCommand } from '../src/resolve';

/** A file system holding exactly `files`. */
const only = (...files: string[]) => (file: string) => files.includes(file);

describe('resolveCommand', () => {
  const everywhere = only(
    '/w/.venv/bin/remdev-lint',
    '/w/venv/bin/remdev-lint',
    '/env/bin/remdev-lint',
    '/usr/bin/remdev-lint',
  );
  const env = { VIRTUAL_ENV: '/env', PATH: '/usr/local/bin:/usr/bin' };

  it('takes the setting first', () => {
    assert.deepEqual(resolveCommand('/opt/remdev-lint', ['/w'], env, everywhere, 'linux'), {
      command: '/opt/remdev-lint',
      args: [],
      source: 'setting',
    });
  });

  it('reads an array setting as the program and leading arguments', () => {
    assert.deepEqual(resolveCommand(['python3', '-m', 'remdev_lint'], ['/w'], env, everywhere, 'linux'), {
      command: 'python3',
      args: ['-m', 'remdev_lint'],
      source: 'setting',
    });
  });

  it('expands ${workspaceFolder} to the first folder, in the program and the arguments', () => {
    assert.deepEqual(
      resolveCommand(['${workspaceFolder}/tools/python', '${workspaceFolder}/lint.py'], ['/w', '/x'], {}, only(), 'linux'),
      { command: '/w/tools/python', args: ['/w/lint.py'], source: 'setting' },
    );
  });

  it('resolves a relative program path from the first folder', () => {
    assert.equal(resolveCommand('./bin/remdev-lint', ['/w'], {}, only(), 'linux')?.command, '/w/bin/remdev-lint');
    assert.equal(resolveCommand('remdev-lint', ['/w'], {}, only(), 'linux')?.command, 'remdev-lint');
  });

  it('treats an empty setting as no setting', () => {
    for (const empty of [undefined, '', '  ', [], [''], 42]) {
      assert.equal(resolveCommand(empty, ['/w'], env, everywhere, 'linux')?.source, 'workspace');
    }
  });

  it('looks in .venv, then venv, of each folder in order', () => {
    assert.equal(resolveCommand([], ['/w'], env, everywhere, 'linux')?.command, '/w/.venv/bin/remdev-lint');
    const venvOnly = only('/x/venv/bin/remdev-lint', '/usr/bin/remdev-lint');
    assert.deepEqual(resolveCommand([], ['/w', '/x'], env, venvOnly, 'linux'), {
      command: '/x/venv/bin/remdev-lint',
      args: [],
      source: 'workspace',
    });
  });

  it('looks in VIRTUAL_ENV after the workspace', () => {
    const files = only('/env/bin/remdev-lint', '/usr/bin/remdev-lint');
    assert.deepEqual(resolveCommand([], ['/w'], env, files, 'linux'), {
      command: '/env/bin/remdev-lint',
      args: [],
      source: 'VIRTUAL_ENV',
    });
  });

  it('searches PATH last, in order, skipping empty and relative entries', () => {
    const files = only('/usr/bin/remdev-lint', '/opt/bin/remdev-lint', 'rel/remdev-lint');
    const path = { PATH: ':rel:/usr/local/bin:/usr/bin:/opt/bin' };
    assert.deepEqual(resolveCommand([], ['/w'], path, files, 'linux'), {
      command: '/usr/bin/remdev-lint',
      args: [],
      source: 'PATH',
    });
  });

  it('returns null when nothing has it', () => {
    assert.equal(resolveCommand([], ['/w'], env, only('/w/.venv/bin/python'), 'linux'), null);
    assert.equal(resolveCommand([], [], {}, only(), 'linux'), null);
  });

  it('uses Scripts\\remdev-lint.exe and a case-insensitive Path on Windows', () => {
    const files = only('C:\\w\\.venv\\Scripts\\remdev-lint.exe', 'C:\\Python\\Scripts\\remdev-lint.exe');
    assert.equal(resolveCommand([], ['C:\\w'], {}, files, 'win32')?.command, 'C:\\w\\.venv\\Scripts\\remdev-lint.exe');
    const path = { Path: 'C:\\Windows;C:\\Python\\Scripts' };
    assert.deepEqual(resolveCommand([], ['C:\\x'], path, files, 'win32'), {
      command: 'C:\\Python\\Scripts\\remdev-lint.exe',
      args: [],
      source: 'PATH',
    });
  });
});

describe('programExists', () => {
  const files = only('/usr/bin/python3', '/opt/remdev-lint');
  const env = { PATH: '/usr/bin' };

  it('checks a path as it is and looks a bare name up on PATH', () => {
    assert.equal(programExists('/opt/remdev-lint', env, files, 'linux'), true);
    assert.equal(programExists('/opt/missing', env, files, 'linux'), false);
    assert.equal(programExists('python3', env, files, 'linux'), true);
    assert.equal(programExists('remdev-lint', env, files, 'linux'), false);
  });

  it('adds .exe to a bare name on Windows', () => {
    assert.equal(programExists('python', { PATH: 'C:\\Python' }, only('C:\\Python\\python.exe'), 'win32'), true);
  });

  it('findOnPath returns null on an empty PATH', () => {
    assert.equal(findOnPath('python3', {}, files, 'linux'), null);
  });
});

describe('documentSelector', () => {
  // VS Code's globs match dot files with `*` and `**`, as minimatch does with `dot`.
  const matched = (file: string) =>
    documentSelector().some((filter) => filter.scheme === 'file' && minimatch(file, filter.pattern, { dot: true }));

  const linted = [
    '/w/go.mod',
    '/w/api/go.mod',
    '/w/go.work',
    '/w/cmd/main.go',
    '/w/.vscode/launch.json',
    '/w/.vscode/tasks.json',
    '/w/.vscode/settings.json',
    '/w/team.code-workspace',
    '/w/.devcontainer/devcontainer.json',
    '/w/.devcontainer.json',
    '/w/.devcontainer/go/devcontainer.json',
    '/w/docker-compose.yml',
    '/w/compose.yaml',
    '/w/deploy/docker-compose.debug.yml',
    '/w/Dockerfile',
    '/w/Dockerfile.dev',
    '/w/build/debug.Dockerfile',
    '/w/Containerfile',
    '/w/scripts/debug.sh',
    '/w/Makefile',
    '/w/makefile',
    '/w/GNUmakefile',
    '/w/build/rules.mk',
    '/home/u/.ssh/config',
    '/home/u/.ssh/config.d/work',
    '/home/u/.ssh/config.d/work.conf',
    '/home/u/.ssh/hosts/lab.conf',
    '/etc/ssh/ssh_config',
    '/etc/ssh/sshd_config',
    '/etc/ssh/sshd_config.d/50-cloud-init.conf',
    '/etc/ssh/ssh_config.d/10-work.conf',
  ];
  for (const file of linted) {
    it(`selects ${file}`, () => assert.ok(matched(file)));
  }

  const others = [
    '/w/README.md',
    '/w/package.json',
    '/w/.vscode/extensions.json',
    '/w/devcontainer.json',
    '/w/main.go.orig',
    '/w/config.yml',
    '/home/u/.ssh/id_ed25519',
    '/home/u/.ssh/known_hosts',
  ];
  for (const file of others) {
    it(`leaves out ${file}`, () => assert.ok(!matched(file)));
  }
});
