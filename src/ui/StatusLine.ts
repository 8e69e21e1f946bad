/**
 * The bottom line: display fps and frame time, objects visible, a passing message, and the last
 * error (WebGL context loss, physics worker failures, anything uncaught) until clicked away.
 */
export class StatusLine {
  private readonly fps = span('fps');
  private readonly frameMs = span('frame-ms');
  private readonly objects = span('objects');
  private readonly message = span('message', 'info');
  private readonly error = span('error', 'error');
  private frames = 0;
  private windowStart = performance.now();
  private lastMs = 0;

  constructor(root: HTMLElement) {
    const sep = span('', 'sep');
    root.replaceChildren(this.fps, this.frameMs, this.objects, this.message, sep, this.error);
    this.error.title = 'click to dismiss';
    this.error.addEventListener('click', () => this.clearError());
    this.fps.textContent = 'fps —';
    this.frameMs.textContent = "draw — ms";
    this.objects.textContent = 'visible —';
  }

  /** A display frame was drawn, taking `ms`. */
  drew(ms: number): void {
    this.frames++;
    this.lastMs = ms;
  }

  /** Called every animation frame: refreshes the fps figure about once a second. */
  tick(now: number): void {
    const dt = now - this.windowStart;
    if (dt < 1000) return;
    const fps = (this.frames * 1000) / dt;
    this.fps.textContent = this.frames === 0 ? 'fps — (idle)' : `fps ${fps.toFixed(1)}`;
    this.frameMs.textContent = `draw ${this.lastMs.toFixed(1)} ms`;
    this.frames = 0;
    this.windowStart = now;
  }

  setVisible(count: number, source: string): void {
    this.objects.textContent = `visible ${count} (${source})`;
    this.objects.dataset.count = String(count);
  }

  info(text: string): void {
    this.message.textContent = text;
  }

  showError(text: string): void {
    this.error.textContent = `⚠ ${text}`;
    this.error.title = `${text}\n(click to dismiss)`;
  }

  clearError(): void {
    this.error.textContent = '';
  }
}

function span(id: string, cls = ''): HTMLSpanElement {
  const s = document.createElement('span');
  if (id) s.dataset.part = id;
  if (cls) s.className = cls;
  return s;
}
