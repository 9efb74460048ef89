import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * A line when a test file is handed to a worker and when its tests begin. Vitest prints a file only
 * once it ends, so a file that never ends would leave no trace; with these lines, CI's output names
 * it and the stage it stopped in (a worker that never started, or tests that never finished).
 */
export default class FileProgressReporter implements Reporter {
  onTestModuleQueued(module: TestModule): void {
    this.say('queued', module);
  }

  onTestModuleStart(module: TestModule): void {
    this.say('started', module);
  }

  private say(what: string, module: TestModule): void {
    process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${what} ${path.relative(process.cwd(), module.moduleId)}\n`);
  }
}
