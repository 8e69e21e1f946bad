# Render a Longtail glTF export (`longtail export`) with Blender's Cycles on the CPU, and time it.
# Used by `longtail bench --peer blender`; runs inside Blender:
#
#   blender -b --factory-startup --python scripts/blender-render.py -- scene.glb out.png 128 640x480
#
# Settings follow Kubric's Blender renderer defaults (kubric/renderer/blender.py: Cycles,
# samples_per_pixel=128, adaptive sampling and denoising on). The camera is the glb's own; the
# world shows the export's background colour to the camera and lights with its ambient (sky)
# colour, both from the scene's extras.longtail. Prints one line, `LONGTAIL_BLENDER {json}`,
# with the seconds of the import and of the render alone (Blender's start-up not counted).
import json
import struct
import sys
import time

import bpy


def glb_json(path):
    with open(path, 'rb') as f:
        head = f.read(20)
        magic, _version, _length, chunk_length, chunk_type = struct.unpack('<4sIIII', head)
        if magic != b'glTF' or chunk_type != 0x4E4F534A:
            raise SystemExit(f'{path}: not a binary glTF file')
        return json.loads(f.read(chunk_length))


def numpy_compat():
    # Blender 3.4's glTF importer (Debian 12's blender) uses np.bool, which NumPy 1.24 removed:
    # the import fails with "module 'numpy' has no attribute 'bool'". Give it the alias back.
    try:
        import numpy
    except ImportError:
        raise SystemExit("Blender's glTF importer needs NumPy: apt-get install python3-numpy (Debian/Ubuntu)")
    if 'bool' not in numpy.__dict__:
        numpy.bool = numpy.bool_


def main():
    argv = sys.argv[sys.argv.index('--') + 1:] if '--' in sys.argv else []
    if len(argv) != 4:
        raise SystemExit('usage: blender -b --python blender-render.py -- scene.glb out.png samples WIDTHxHEIGHT')
    glb, png, samples, size = argv[0], argv[1], int(argv[2]), argv[3]
    width, height = (int(v) for v in size.split('x'))

    bpy.ops.wm.read_factory_settings(use_empty=True)
    numpy_compat()
    t0 = time.perf_counter()
    bpy.ops.import_scene.gltf(filepath=glb)
    import_s = time.perf_counter() - t0

    scene = bpy.context.scene
    cameras = [o for o in scene.objects if o.type == 'CAMERA']
    if not cameras:
        raise SystemExit(f'{glb}: no camera in the file')
    scene.camera = cameras[0]

    info = glb_json(glb)
    extras = info['scenes'][info.get('scene', 0)].get('extras', {}).get('longtail', {})
    world = bpy.data.worlds.new('longtail')
    scene.world = world
    world.use_nodes = True
    nodes, links = world.node_tree.nodes, world.node_tree.links
    nodes.clear()
    seen = nodes.new('ShaderNodeBackground')  # what the camera sees behind everything
    seen.inputs['Color'].default_value = (*extras.get('background', [0, 0, 0]), 1)
    lit = nodes.new('ShaderNodeBackground')  # what lights the scene from the sky
    ambient = extras.get('ambient') or {'sky': [0, 0, 0], 'intensity': 0}
    lit.inputs['Color'].default_value = (*ambient['sky'], 1)
    lit.inputs['Strength'].default_value = ambient['intensity']
    path = nodes.new('ShaderNodeLightPath')
    mix = nodes.new('ShaderNodeMixShader')
    out = nodes.new('ShaderNodeOutputWorld')
    links.new(path.outputs['Is Camera Ray'], mix.inputs['Fac'])
    links.new(lit.outputs['Background'], mix.inputs[1])
    links.new(seen.outputs['Background'], mix.inputs[2])
    links.new(mix.outputs['Shader'], out.inputs['Surface'])

    scene.render.engine = 'CYCLES'
    scene.cycles.device = 'CPU'
    scene.cycles.samples = samples
    scene.cycles.use_adaptive_sampling = True
    denoisers = [i.identifier for i in scene.cycles.bl_rna.properties['denoiser'].enum_items]
    scene.cycles.use_denoising = 'OPENIMAGEDENOISE' in denoisers and bpy.app.build_options.openimagedenoise
    if scene.cycles.use_denoising:
        scene.cycles.denoiser = 'OPENIMAGEDENOISE'
    scene.cycles.seed = 0
    scene.render.resolution_x = width
    scene.render.resolution_y = height
    scene.render.resolution_percentage = 100
    scene.render.threads_mode = 'AUTO'
    scene.render.image_settings.file_format = 'PNG'
    scene.render.filepath = png

    t0 = time.perf_counter()
    bpy.ops.render.render(write_still=True)
    render_s = time.perf_counter() - t0

    counts = {
        'meshes': sum(1 for o in scene.objects if o.type == 'MESH'),
        'lights': sum(1 for o in scene.objects if o.type == 'LIGHT'),
        'cameras': len(cameras),
    }
    print('LONGTAIL_BLENDER ' + json.dumps({
        'version': bpy.app.version_string,
        'import_s': import_s,
        'render_s': render_s,
        'samples': scene.cycles.samples,
        'adaptive': scene.cycles.use_adaptive_sampling,
        'denoiser': scene.cycles.denoiser if scene.cycles.use_denoising else None,
        'device': scene.cycles.device,
        'threads': scene.render.threads,
        'width': width,
        'height': height,
        'objects': counts,
    }), flush=True)


main()
