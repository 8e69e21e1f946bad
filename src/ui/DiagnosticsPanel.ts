import { formatDiagnostic, type Diagnostic } from '../core/index.ts';

/**
 * The list under the editor: each diagnostic as `file:line:col: severity: message`, the source
 * line and a caret (core's formatDiagnostic). Clicking one hands its place to `onPick`.
 */
export class DiagnosticsPanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly onPick: (d: Diagnostic) => void,
  ) {}

  show(diagnostics: readonly Diagnostic[], source: string, note?: string): void {
    const items: HTMLElement[] = diagnostics.map((d) => {
      const item = document.createElement('button');
      item.type = 'button';
      item.className = `diagnostic ${d.severity}`;
      item.dataset.line = String(d.line);
      item.dataset.col = String(d.col);
      item.title = 'Go to this place';
      const [head, ...rest] = formatDiagnostic(d, source).split('\n');
      const h = document.createElement('span');
      h.className = 'head';
      h.textContent = head ?? '';
      item.append(h, '\n' + rest.join('\n'));
      item.addEventListener('click', () => this.onPick(d));
      return item;
    });
    if (note) {
      const n = document.createElement('div');
      n.className = 'diagnostic note';
      n.textContent = note;
      items.push(n);
    }
    this.root.replaceChildren(...items);
  }

  /** A problem without a place in the source (e.g. the physics rejected the scene). */
  showMessage(message: string): void {
    const item = document.createElement('div');
    item.className = 'diagnostic error';
    const h = document.createElement('span');
    h.className = 'head';
    h.textContent = message;
    item.append(h);
    this.root.replaceChildren(item);
  }

  clear(): void {
    this.root.replaceChildren();
  }
}
