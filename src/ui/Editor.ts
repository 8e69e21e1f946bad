/**
 * The scenario text editor: a plain textarea with a line-number gutter. Tab inserts two spaces;
 * edits are reported once typing pauses (debounced). Knows nothing about the scenario language.
 */
export class Editor {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lineCount = 0;
  private marks = new Map<number, 'error' | 'warning'>();

  constructor(
    private readonly text: HTMLTextAreaElement,
    private readonly gutter: HTMLElement,
    private readonly onChange: (source: string) => void,
    private readonly debounceMs = 400,
  ) {
    text.addEventListener('input', () => {
      this.renderGutter();
      this.schedule();
    });
    text.addEventListener('scroll', () => {
      gutter.scrollTop = text.scrollTop;
    });
    text.addEventListener('keydown', (e) => this.onKey(e));
  }

  get value(): string {
    return this.text.value;
  }

  set value(source: string) {
    this.text.value = source;
    this.renderGutter();
  }

  /** Colour the gutter numbers of lines that carry diagnostics. */
  setMarks(marks: ReadonlyMap<number, 'error' | 'warning'>): void {
    this.marks = new Map(marks);
    this.lineCount = -1; // force a redraw
    this.renderGutter();
  }

  /** Put the cursor at a 1-based line and column and scroll it into view. */
  moveTo(line: number, col: number, length = 0): void {
    const lines = this.text.value.split('\n');
    const l = Math.min(Math.max(1, line), lines.length);
    let offset = 0;
    for (let i = 0; i < l - 1; i++) offset += lines[i]!.length + 1;
    const lineText = lines[l - 1] ?? '';
    const start = offset + Math.min(Math.max(0, col - 1), lineText.length);
    const end = Math.min(start + Math.max(0, length), offset + lineText.length);
    this.text.focus();
    this.text.setSelectionRange(start, end);
    // Centre the line: the textarea has a fixed line height (see styles.css).
    const lineHeight = parseFloat(getComputedStyle(this.text).lineHeight) || 18;
    this.text.scrollTop = Math.max(0, (l - 1) * lineHeight - this.text.clientHeight / 2);
    this.gutter.scrollTop = this.text.scrollTop;
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onChange(this.text.value);
    }, this.debounceMs);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Tab' || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
    e.preventDefault();
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand('insertText', false, '  ')) {
      this.text.setRangeText('  ', this.text.selectionStart, this.text.selectionEnd, 'end');
      this.text.dispatchEvent(new Event('input'));
    }
  }

  private renderGutter(): void {
    const n = this.text.value.split('\n').length;
    if (n === this.lineCount) return;
    this.lineCount = n;
    const frag = document.createDocumentFragment();
    for (let i = 1; i <= n; i++) {
      const d = document.createElement('div');
      d.textContent = String(i);
      const mark = this.marks.get(i);
      if (mark) d.className = mark;
      frag.append(d);
    }
    // Room to scroll the last line to the top, like the textarea can.
    const pad = document.createElement('div');
    pad.style.height = `${this.text.clientHeight}px`;
    frag.append(pad);
    this.gutter.replaceChildren(frag);
    this.gutter.scrollTop = this.text.scrollTop;
  }
}
