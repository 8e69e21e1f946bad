import * as THREE from 'three';
import type { Simulation } from '../app/index.ts';
import type { World } from '../render/index.ts';
import { LayerView, type Layer, type LayerStats } from './layerView.ts';
import { OrbitView } from './OrbitView.ts';

export type ViewMode = 'camera' | 'orbit';

export interface ViewportElements {
  /** The box the picture is fitted into. */
  readonly box: HTMLElement;
  /** Holds both canvases, sized to the camera's aspect. */
  readonly stage: HTMLElement;
  readonly overlay: HTMLCanvasElement;
  readonly hint: HTMLElement;
}

export interface DrawResult {
  /** Milliseconds spent drawing (render, readback, colouring). */
  readonly ms: number;
  readonly layer: Layer;
  readonly stats: LayerStats | null;
}

/** Largest drawing buffer side: keeps a big window from crawling on a software renderer. */
const MAX_SIDE = 1920;

/**
 * The 3D view: fits the Simulation's canvas to the first camera's aspect, draws the chosen layer
 * from the scenario camera (ego meshes hidden, as Capturer does) or a free orbit camera, and only
 * redraws when something changed.
 */
export class Viewport {
  private layerValue: Layer = 'rgb';
  private viewValue: ViewMode = 'camera';
  private dirty = true;
  private readonly layers: LayerView;
  private readonly orbit: OrbitView;

  constructor(
    private readonly sim: Simulation,
    private readonly el: ViewportElements,
  ) {
    this.layers = new LayerView(sim.renderer, el.overlay);
    this.orbit = new OrbitView(el.stage, () => this.invalidate());
    new ResizeObserver(() => this.invalidate()).observe(el.box);
  }

  get layer(): Layer {
    return this.layerValue;
  }

  set layer(l: Layer) {
    this.layerValue = l;
    this.invalidate();
  }

  get view(): ViewMode {
    return this.viewValue;
  }

  set view(v: ViewMode) {
    this.viewValue = v;
    this.orbit.enabled = v === 'orbit';
    this.invalidate();
  }

  /** Something the picture depends on changed: draw on the next frame. */
  invalidate(): void {
    this.dirty = true;
  }

  /** A new scene: the orbit camera frames it afresh. */
  sceneChanged(): void {
    this.orbit.reset();
    this.invalidate();
  }

  /** Draw if needed; null when nothing was drawn. */
  draw(): DrawResult | null {
    const world = this.sim.scene;
    if (!this.dirty || !world) return null;
    this.dirty = false;
    const t0 = performance.now();
    const cam = world.spec.cameras[0]!;
    const [w, h] = this.fit(cam.width / cam.height);
    const r = this.sim.renderer;
    const size = r.getSize(new THREE.Vector2());
    if (size.x !== w || size.y !== h || r.getPixelRatio() !== 1) {
      r.setPixelRatio(1);
      r.setSize(w, h, false);
    }

    let camera: THREE.Camera;
    const hidden: THREE.Object3D[] = [];
    if (this.viewValue === 'camera') {
      camera = world.camera(cam);
      hideMeshes(world, cam.mount, hidden);
      this.el.hint.textContent = `camera ${cam.name} on ${cam.mount} · ${cam.width}×${cam.height} @ ${cam.fps} fps`;
    } else {
      this.orbit.setAspect(w / h);
      this.orbit.follow(world);
      camera = this.orbit.camera;
      this.el.hint.textContent = 'orbit · drag: rotate · wheel: zoom · right/shift-drag: pan';
    }

    let stats: LayerStats | null = null;
    try {
      if (this.layerValue === 'rgb' && this.viewValue === 'camera') {
        // What the capture writes: the scenario camera with its imperfections (exposure, noise, …).
        this.layers.drawLook(world, camera, { ...cam, width: w, height: h }, Math.round(this.sim.time * cam.fps));
        this.el.overlay.hidden = false;
      } else if (this.layerValue === 'rgb') {
        this.el.overlay.hidden = true;
        r.setRenderTarget(null);
        r.render(world.scene, camera);
      } else {
        stats = this.layers.draw(world, camera, this.layerValue, w, h, this.sim.shownBefore());
        this.el.overlay.hidden = false;
      }
    } finally {
      for (const o of hidden) o.visible = true;
    }
    this.el.box.dataset.drawn = this.layerValue;
    return { ms: performance.now() - t0, layer: this.layerValue, stats };
  }

  /** Size the stage to the largest box of `aspect` that fits; returns the drawing buffer size. */
  private fit(aspect: number): [number, number] {
    const bw = Math.max(1, this.el.box.clientWidth - 16);
    const bh = Math.max(1, this.el.box.clientHeight - 16);
    let cw = bw;
    let ch = bw / aspect;
    if (ch > bh) {
      ch = bh;
      cw = bh * aspect;
    }
    cw = Math.floor(cw);
    ch = Math.floor(ch);
    this.el.stage.style.width = `${cw}px`;
    this.el.stage.style.height = `${ch}px`;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const scale = Math.min(dpr, MAX_SIDE / Math.max(cw, ch));
    return [Math.max(1, Math.round(cw * scale)), Math.max(1, Math.round(ch * scale))];
  }

  dispose(): void {
    this.layers.dispose();
    this.orbit.dispose();
  }
}

/** The mount's own meshes would fill its camera's view from inside: hide them (lights stay on). */
function hideMeshes(world: World, mount: string, hidden: THREE.Object3D[]): void {
  world.modelOf(mount).traverse((o) => {
    if ((o as THREE.Mesh).isMesh && o.visible) {
      o.visible = false;
      hidden.push(o);
    }
  });
}
