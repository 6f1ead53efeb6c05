"""Demo data only: evidence photos drawn with Pillow that read as photos taken on a tablet
(a showroom, a forecourt, a charger, a lounge, a desk of files, a handover bay), with
soft focus, sensor noise and lens vignetting. Deterministic for a given seed."""

import io
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SIZE = (640, 480)
CAR_COLOURS = [(236, 236, 232), (28, 30, 34), (120, 126, 132), (24, 44, 78), (150, 28, 36),
               (196, 200, 204), (58, 84, 66)]
FONT_PATHS = ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# Standard code (or its prefix) -> scene; the first match wins.
SCENES = [
    ("CX-12", "lounge"), ("FAC-02", "charger"), ("FAC-03", "charger"), ("FAC-07", "lounge"),
    ("FAC-08", "exterior"), ("FAC-09", "exterior"), ("FAC-12", "lounge"), ("BRD-01", "exterior"),
    ("PRO-", "desk"), ("PAP-", "desk"), ("HO-", "handover"),
]


def scene_for(code):
    for prefix, scene in SCENES:
        if (code or "").startswith(prefix):
            return scene
    return "showroom"


def render_photo(code, seed, fixed=False):
    """JPEG bytes of a 640x480 photo fitting the standard ``code``."""
    rng = random.Random(seed)
    scene = scene_for(code)
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    DRAWERS[scene](image, draw, rng)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.3)))
    image = _camera(image, rng, brighter=fixed)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=72, optimize=True)
    return output.getvalue()


# Camera ----------------------------------------------------------------------------

def _camera(image, rng, brighter=False):
    """Exposure, white balance, a slight tilt, vignetting and sensor noise."""
    gain = rng.uniform(1.02, 1.12) if brighter else rng.uniform(0.88, 1.02)
    warm = rng.uniform(-0.04, 0.05)
    r, g, b = image.split()
    r = r.point(lambda v: min(255, int(v * gain * (1 + warm))))
    g = g.point(lambda v: min(255, int(v * gain)))
    b = b.point(lambda v: min(255, int(v * gain * (1 - warm))))
    image = Image.merge("RGB", (r, g, b))
    angle = rng.uniform(-2.5, 2.5)
    image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(40, 40, 40))
    margin = 14
    image = image.crop((margin, margin, SIZE[0] - margin, SIZE[1] - margin)).resize(SIZE)
    vignette = Image.radial_gradient("L").resize(SIZE).point(lambda v: max(0, v - 90) * 0.55)
    dark = Image.new("RGB", SIZE, (0, 0, 0))
    image = Image.composite(dark, image, vignette.point(lambda v: int(v)))
    noise = Image.effect_noise(SIZE, rng.uniform(3.5, 6)).convert("RGB")
    return ImageChops.add(image, noise, scale=1.0, offset=-128)


# Building blocks -----------------------------------------------------------------

def _gradient(draw, box, top, bottom):
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    for y in range(y0, y1):
        t = (y - y0) / height
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line((x0, y, x1, y), fill=colour)


def _shade(colour, factor):
    return tuple(max(0, min(255, int(c * factor))) for c in colour)


def _car(image, rng, cx, ground, scale, colour=None, reflection=True):
    """A side view of an electric fastback with its floor reflection."""
    colour = colour or rng.choice(CAR_COLOURS)
    w, h = int(300 * scale), int(92 * scale)
    layer = Image.new("RGBA", (w + 20, h + 20), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    body = [(10, h * 0.62), (w * 0.06, h * 0.42), (w * 0.3, h * 0.34), (w * 0.45, h * 0.05),
            (w * 0.72, h * 0.04), (w * 0.93, h * 0.33), (w + 8, h * 0.45), (w + 10, h * 0.7),
            (w * 0.97, h * 0.86), (18, h * 0.86)]
    d.polygon(body, fill=colour + (255,))
    glass = [(w * 0.34, h * 0.34), (w * 0.47, h * 0.1), (w * 0.7, h * 0.09), (w * 0.86, h * 0.34)]
    d.polygon(glass, fill=(36, 44, 54, 255))
    d.line([(w * 0.6, h * 0.1), (w * 0.6, h * 0.34)], fill=_shade(colour, 0.7) + (255,),
           width=max(2, int(4 * scale)))
    d.line([(w * 0.08, h * 0.5), (w * 0.97, h * 0.5)], fill=_shade(colour, 1.25) + (200,),
           width=max(1, int(3 * scale)))
    d.rectangle((w * 0.96, h * 0.46, w + 9, h * 0.52), fill=(250, 240, 220, 255))
    for wx in (w * 0.2, w * 0.8):
        r = h * 0.2
        d.ellipse((wx - r, h * 0.8 - r, wx + r, h * 0.8 + r), fill=(18, 18, 20, 255))
        d.ellipse((wx - r * 0.6, h * 0.8 - r * 0.6, wx + r * 0.6, h * 0.8 + r * 0.6),
                  fill=(150, 152, 156, 255))
    x, y = int(cx - w / 2), int(ground - h)
    image.paste(layer, (x, y), layer)
    if reflection:
        mirrored = layer.transpose(Image.FLIP_TOP_BOTTOM)
        alpha = mirrored.getchannel("A").point(lambda v: int(v * 0.18))
        mirrored.putalpha(alpha)
        image.paste(mirrored.filter(ImageFilter.GaussianBlur(3)), (x, int(ground - 6)), mirrored)
    shadow = Image.new("L", image.size, 0)
    ImageDraw.Draw(shadow).ellipse((x, ground - 8, x + w + 20, ground + 10), fill=120)
    image.paste((10, 10, 12), (0, 0), shadow.filter(ImageFilter.GaussianBlur(6)))


def _glow(image, boxes, colour=(255, 246, 220), radius=8):
    layer = Image.new("L", image.size, 0)
    d = ImageDraw.Draw(layer)
    for box in boxes:
        d.ellipse(box, fill=255)
    glow = layer.filter(ImageFilter.GaussianBlur(radius))
    image.paste(colour, (0, 0), ImageChops.lighter(glow, layer))


def _font(size):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


# Scenes ----------------------------------------------------------------------------

def _draw_showroom(image, draw, rng):
    horizon = rng.randint(260, 300)
    wall = rng.choice([(214, 210, 202), (200, 204, 208), (226, 222, 214)])
    _gradient(draw, (0, 0, 640, 70), (70, 70, 74), (110, 110, 112))
    _gradient(draw, (0, 70, 640, horizon), _shade(wall, 1.05), _shade(wall, 0.85))
    x = rng.randint(-80, 40)
    while x < 640:  # glazing of the back wall
        draw.rectangle((x, 95, x + 120, horizon - 20), fill=(172, 190, 204))
        draw.rectangle((x, 95, x + 120, 110), fill=(190, 204, 214))
        x += 132
    _gradient(draw, (0, horizon, 640, 480), (150, 150, 150), (92, 92, 96))
    for i in range(1, 7):  # floor joints in perspective
        draw.line((320 + (i - 3.5) * 40, horizon, 320 + (i - 3.5) * 300, 480), fill=(120, 120, 124))
    _glow(image, [(60 + i * 110, 56, 76 + i * 110, 66) for i in range(6)])
    totem = rng.randint(500, 590)
    draw.rectangle((totem, 110, totem + 34, horizon + 10), fill=(22, 30, 44))
    draw.arc((totem + 5, 130, totem + 29, 154), 200, 340, fill=(64, 224, 178), width=3)
    _car(image, rng, rng.randint(230, 360), horizon + rng.randint(90, 130), rng.uniform(1.0, 1.35))


def _draw_exterior(image, draw, rng, car=True):
    _gradient(draw, (0, 0, 640, 230), (118, 160, 206), (210, 224, 236))
    top = rng.randint(60, 110)
    draw.rectangle((40, top, 600, 330), fill=(58, 66, 76))
    for y in range(top + 40, 330, 36):
        draw.line((40, y, 600, y), fill=(90, 104, 118), width=2)
    for x in range(40, 600, 70):
        draw.line((x, top + 30, x, 330), fill=(40, 46, 54), width=3)
    draw.rectangle((40, top, 600, top + 30), fill=(20, 28, 42))
    draw.text((250, top + 3), "AURORA", font=_font(22), fill=(245, 245, 245))
    _gradient(draw, (0, 330, 640, 480), (148, 146, 140), (110, 108, 104))
    for x in range(-40, 700, 110):
        draw.line((x, 480, x + 60, 340), fill=(230, 230, 226), width=3)
    for tx in (rng.randint(0, 30), rng.randint(600, 630)):
        draw.rectangle((tx - 4, 250, tx + 4, 340), fill=(70, 52, 36))
        draw.ellipse((tx - 50, 160, tx + 50, 270), fill=(56, 96, 52))
    if car:
        _car(image, rng, rng.randint(200, 440), rng.randint(420, 450), rng.uniform(0.9, 1.15),
             reflection=False)


def _draw_charger(image, draw, rng):
    if rng.random() < 0.5:
        _draw_exterior(image, draw, rng, car=False)
    else:
        _draw_garage(draw)
    x = rng.randint(420, 520)
    draw.rounded_rectangle((x, 210, x + 46, 420), radius=8, fill=(232, 236, 236))
    draw.rectangle((x + 8, 228, x + 38, 262), fill=(20, 36, 44))
    draw.rectangle((x + 12, 232, x + 34, 246), fill=(64, 200, 170))
    draw.line((x + 23, 300, x - 40, 380, x - 110, 360), fill=(24, 24, 26), width=6, joint="curve")
    _car(image, rng, x - 200, 440, 0.95, reflection=False)


def _draw_garage(draw):
    _gradient(draw, (0, 0, 640, 300), (120, 124, 128), (168, 170, 172))
    _gradient(draw, (0, 300, 640, 480), (110, 112, 114), (80, 82, 84))
    for x in range(0, 640, 160):
        draw.line((x, 300, x + 90, 480), fill=(214, 190, 60), width=4)


def _draw_lounge(image, draw, rng):
    wall = rng.choice([(222, 208, 190), (206, 214, 206), (228, 220, 210)])
    _gradient(draw, (0, 0, 640, 330), _shade(wall, 1.05), _shade(wall, 0.86))
    _gradient(draw, (0, 330, 640, 480), (150, 118, 88), (116, 88, 64))
    for x in range(0, 640, 26):
        draw.line((x, 330, x - 60, 480), fill=(128, 98, 72))
    sofa = rng.choice([(70, 84, 96), (120, 110, 98), (52, 70, 64)])
    sx = rng.randint(40, 140)
    draw.rounded_rectangle((sx, 240, sx + 300, 330), radius=18, fill=sofa)
    draw.rounded_rectangle((sx - 10, 280, sx + 310, 370), radius=14, fill=_shade(sofa, 1.15))
    draw.ellipse((sx + 330, 330, sx + 450, 360), fill=(40, 34, 30))
    draw.rectangle((sx + 385, 355, sx + 395, 400), fill=(40, 34, 30))
    cup = (sx + 360, 318)
    draw.rectangle((cup[0], cup[1], cup[0] + 14, cup[1] + 16), fill=(245, 245, 240))
    px = rng.randint(520, 590)
    pot = [(px - 24, 400), (px + 24, 400), (px + 16, 340), (px - 16, 340)]
    draw.polygon(pot, fill=(180, 90, 60))
    for _ in range(14):
        lx, ly = px + rng.randint(-50, 50), rng.randint(220, 330)
        draw.ellipse((lx - 16, ly - 9, lx + 16, ly + 9), fill=(48 + rng.randint(0, 30), 110, 58))
    for lx in (sx + 60, sx + 240):
        draw.line((lx, 0, lx, 120), fill=(40, 40, 40), width=2)
        draw.pieslice((lx - 28, 110, lx + 28, 160), 180, 360, fill=(30, 30, 30))
    _glow(image, [(sx + 50, 130, sx + 70, 142), (sx + 230, 130, sx + 250, 142)], radius=12)


def _draw_desk(image, draw, rng):
    wood = rng.choice([(150, 108, 70), (176, 140, 100), (110, 80, 56)])
    _gradient(draw, (0, 0, 640, 480), _shade(wood, 1.08), _shade(wood, 0.9))
    for y in range(0, 480, 7):
        draw.line((0, y + rng.randint(-2, 2), 640, y + rng.randint(-2, 2)),
                  fill=_shade(wood, rng.uniform(0.9, 1.06)))
    for _ in range(rng.randint(2, 4)):
        page = Image.new("RGBA", (230, 310), (248, 248, 244, 255))
        d = ImageDraw.Draw(page)
        d.rectangle((20, 20, 140, 34), fill=(60, 60, 70))
        for y in range(56, 290, 14):
            d.line((20, y, rng.randint(120, 210), y), fill=(150, 150, 156), width=3)
        if rng.random() < 0.6:
            d.line((120, 280, 150, 268, 175, 284, 205, 270), fill=(30, 50, 120), width=2)
        page = page.rotate(rng.uniform(-25, 25), expand=True, resample=Image.BICUBIC)
        image.paste(page, (rng.randint(-20, 440), rng.randint(-20, 220)), page)
    lx, ly = rng.randint(300, 400), rng.randint(40, 120)
    draw.rounded_rectangle((lx, ly, lx + 260, ly + 170), radius=8, fill=(46, 48, 52))
    draw.rectangle((lx + 12, ly + 12, lx + 248, ly + 158), fill=(64, 110, 150))
    draw.line((rng.randint(60, 200), 420, rng.randint(220, 320), 380), fill=(20, 20, 24), width=7)


def _draw_handover(image, draw, rng):
    _gradient(draw, (0, 0, 640, 300), (238, 238, 236), (206, 208, 210))
    draw.rectangle((150, 60, 490, 190), fill=(24, 28, 36))
    draw.arc((300, 90, 340, 130), 200, 340, fill=(64, 224, 178), width=4)
    draw.text((262, 140), "WELCOME", font=_font(20), fill=(235, 235, 235))
    _gradient(draw, (0, 300, 640, 480), (200, 200, 198), (160, 160, 160))
    draw.polygon([(120, 480), (220, 310), (420, 310), (520, 480)], outline=(245, 245, 245), width=4)
    _glow(image, [(80 + i * 120, 12, 110 + i * 120, 22) for i in range(5)], radius=10)
    _car(image, rng, rng.randint(280, 360), rng.randint(420, 440), rng.uniform(1.05, 1.3))


DRAWERS = {
    "showroom": _draw_showroom, "exterior": _draw_exterior, "charger": _draw_charger,
    "lounge": _draw_lounge, "desk": _draw_desk, "handover": _draw_handover,
}
