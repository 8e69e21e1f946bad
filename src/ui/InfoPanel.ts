import type { FrameRecord } from '../capture/index.ts';
import type { EntitySpec, MotionSpec, SceneSpec } from '../scenario/index.ts';
import { DEPTH_RANGE_M, FLOW_FULL_PX, depthGradientCss, instanceColor, semanticLegend, type Rgb8 } from './colormaps.ts';
import type { Layer, LayerStats } from './layerView.ts';

/** Exp² fog density back to the visibility the scenario gave (5% contrast). */
const FOG_CONTRAST = Math.sqrt(-Math.log(0.05));

/**
 * The right column: what the seed drew (environment, entities with class, position, speed) and
 * a legend for the layer on screen.
 */
export class InfoPanel {
  private spec: SceneSpec | null = null;
  private visible = new Map<number, number>();
  private visibleFrame: number | null = null;

  constructor(
    private readonly info: HTMLElement,
    private readonly legend: HTMLElement,
  ) {}

  showScene(spec: SceneSpec): void {
    this.spec = spec;
    this.visible.clear();
    this.visibleFrame = null;
    this.renderInfo();
  }

  /** Visible pixel counts per entity from a capture's labels. */
  showLabels(rec: FrameRecord): void {
    this.visible = new Map(rec.objects.map((o) => [o.id, o.pixels]));
    this.visibleFrame = rec.index;
    this.renderInfo();
  }

  showLegend(layer: Layer, stats: LayerStats | null): void {
    const h = heading(layer === 'depth' ? 'Depth' : layer === 'normals' ? 'Surface normals' : layer === 'flow' ? 'Optical flow' : layer === 'instance' ? 'Instances' : 'Semantic classes');
    if (layer === 'normals') {
      this.legend.replaceChildren(h, el('div', 'note', 'camera axes as colour: red = x right, green = y down, blue = z forward, each (n + 1) / 2; black: nothing hit'));
      return;
    }
    if (layer === 'flow') {
      this.legend.replaceChildren(h, el('div', 'note', `motion since the state shown before: hue = direction, saturation = size (full at ${FLOW_FULL_PX} px); white: still; black: sky`));
      return;
    }
    if (layer === 'depth') {
      const ramp = el('div', 'ramp');
      ramp.style.background = depthGradientCss();
      const labels = el('div', 'ramp-labels');
      labels.append(el('span', '', '0 m'), el('span', '', `${DEPTH_RANGE_M / 2} m`), el('span', '', `≥ ${DEPTH_RANGE_M} m`));
      this.legend.replaceChildren(h, ramp, labels, el('div', 'note', 'black: nothing hit (sky)'));
      return;
    }
    const list = el('ul');
    if (layer === 'instance') {
      for (const e of this.spec?.entities ?? []) {
        const li = item(instanceColor(e.id), `${e.id} ${e.name}`);
        if (stats?.instances && !stats.instances.has(e.id)) li.classList.add('absent');
        list.append(li);
      }
      this.legend.replaceChildren(h, list, el('div', 'note', 'black: surfaces and sky (id 0)'));
      return;
    }
    for (const c of semanticLegend()) {
      const li = item(c.color, c.name);
      li.dataset.classId = String(c.id);
      if (stats?.classes && !stats.classes.has(c.id)) li.classList.add('absent');
      list.append(li);
    }
    this.legend.replaceChildren(h, list);
  }

  private renderInfo(): void {
    const spec = this.spec;
    if (!spec) return this.info.replaceChildren();
    const env = spec.environment;
    const kv = el('dl', 'kv');
    const add = (k: string, v: string): void => {
      kv.append(el('dt', '', k), el('dd', '', v));
    };
    add('scenario', spec.name);
    add('seed', String(spec.seed));
    add('duration', `${fmt(spec.duration, 2)} s @ ${spec.physicsHz} Hz`);
    add('time', clock(env.timeOfDay));
    add('visibility', env.fogDensity > 0 ? `${fmt(FOG_CONTRAST / env.fogDensity, 0)} m` : 'clear');
    add('road', `${spec.road.lanes} × ${fmt(spec.road.laneWidth, 1)} m, ${fmt(spec.road.length, 0)} m`);

    const table = el('table', 'entities');
    const head = el('tr');
    for (const [t, cls] of [['entity', ''], ['class', ''], ['x m', 'num'], ['y m', 'num'], ['km/h', 'num'], ['px', 'num']] as const) head.append(el('th', cls, t));
    table.append(head);
    const ego = spec.cameras[0]?.mount;
    for (const e of spec.entities) {
      const tr = el('tr');
      const name = el('td');
      const sw = el('span', 'swatch');
      sw.style.background = `rgb(${e.color.map((c) => Math.round(c * 255)).join(',')})`;
      name.append(sw, e.name + (e.name === ego ? ' ★' : ''));
      const px = this.visible.get(e.id);
      tr.append(
        name,
        el('td', '', e.cls),
        el('td', 'num', fmt(e.position[0], 1)),
        el('td', 'num', fmt(e.position[1], 1)),
        el('td', 'num', speedOf(e)),
        el('td', 'num', e.name === ego ? '—' : px === undefined ? '' : String(px)),
      );
      tr.title = motionText(e.motion);
      table.append(tr);
    }
    const caption = el('div', 'note', this.visibleFrame === null ? 'px: visible pixels, once labelled' : `px: visible pixels in frame ${this.visibleFrame} of camera ${spec.cameras[0]?.name ?? ''}`);
    this.info.replaceChildren(heading('Sampled scene'), kv, heading('Entities at t = 0'), table, caption);
  }
}

function speedOf(e: EntitySpec): string {
  const m = e.motion;
  if (m.kind === 'drive' || m.kind === 'walk') return fmt(m.speed * 3.6, 1);
  return '0';
}

function motionText(m: MotionSpec): string {
  switch (m.kind) {
    case 'drive':
      return `drives at ${fmt(m.speed, 2)} m/s`;
    case 'walk':
      return `walks ${fmt(m.distance, 1)} m at ${fmt(m.speed, 2)} m/s after ${fmt(m.start, 2)} s`;
    case 'dynamic':
      return 'rigid body';
    case 'carried':
      return `rides on ${m.carrier} until it falls`;
    default:
      return 'static';
  }
}

function clock(seconds: number): string {
  const m = Math.round(seconds / 60);
  return `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function fmt(v: number, digits: number): string {
  return v.toFixed(digits);
}

function item(color: Rgb8, label: string): HTMLLIElement {
  const li = el('li');
  const sw = el('span', 'swatch');
  sw.style.background = `rgb(${color.join(',')})`;
  li.append(sw, label);
  li.title = label;
  return li;
}

function heading(text: string): HTMLElement {
  return el('h3', '', text);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
