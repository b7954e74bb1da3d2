"""Pure maths between OpenXR and Panda3D: poses, asymmetric fields of view, turning and moving.

OpenXR's spaces are right-handed with +Y up and -Z forward; Panda3D's are right-handed with
+Z up and +Y forward. A point (x, y, z) in OpenXR is (x, -z, y) in Panda3D, and since that
change of basis is a proper rotation a quaternion's vector part turns the same way.
No Panda3D, no OpenXR: plain floats and tuples, so every formula here is unit-tested.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Vec3 = tuple[float, float, float]
Quat = tuple[float, float, float, float]  # (w, x, y, z), Panda3D's order

IDENTITY: Quat = (1.0, 0.0, 0.0, 0.0)


def position_from_xr(p: Vec3) -> Vec3:
    """An OpenXR position (metres) in Panda3D's axes."""
    return (p[0], -p[2], p[1])


def quat_from_xr(x: float, y: float, z: float, w: float) -> Quat:
    """An OpenXR orientation (x, y, z, w) as a Panda3D quaternion (w, x, y, z)."""
    return (w, x, -z, y)


def quat_mul(a: Quat, b: Quat) -> Quat:
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return (aw * bw - ax * bx - ay * by - az * bz,
            aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx,
            aw * bz + ax * by - ay * bx + az * bw)


def rotate(q: Quat, v: Vec3) -> Vec3:
    """``v`` turned by the unit quaternion ``q``."""
    w, x, y, z = quat_mul(quat_mul(q, (0.0, *v)), (q[0], -q[1], -q[2], -q[3]))
    return (x, y, z)


def heading_quat(degrees: float) -> Quat:
    """A turn of ``degrees`` about the vertical (+Z) axis, counter-clockwise seen from above."""
    half = math.radians(degrees) / 2
    return (math.cos(half), 0.0, 0.0, math.sin(half))


def heading_of(q: Quat) -> float:
    """The compass heading (degrees, Panda3D's H) of the direction ``q`` looks along (+Y)."""
    fx, fy, _ = rotate(q, (0.0, 1.0, 0.0))
    if abs(fx) < 1e-9 and abs(fy) < 1e-9:
        return 0.0  # looking straight up or down: no heading
    return math.degrees(math.atan2(-fx, fy))


def forward(q: Quat) -> Vec3:
    return rotate(q, (0.0, 1.0, 0.0))


@dataclass(frozen=True)
class Fov:
    """An eye's field of view as OpenXR gives it: angles in radians from the view direction,
    left and down negative for a symmetric view."""

    left: float
    right: float
    up: float
    down: float


@dataclass(frozen=True)
class Film:
    """A Panda3D ``PerspectiveLens`` with focal length 1 that sees exactly a ``Fov``."""

    width: float
    height: float
    offset_x: float
    offset_y: float


def film(fov: Fov) -> Film:
    """At focal length 1 the film spans tan(left)..tan(right) by tan(down)..tan(up); an
    asymmetric view is that film shifted off centre."""
    left, right = math.tan(fov.left), math.tan(fov.right)
    down, up = math.tan(fov.down), math.tan(fov.up)
    if right <= left or up <= down:
        raise ValueError(f"an empty field of view: {fov}")
    return Film(right - left, up - down, (right + left) / 2, (up + down) / 2)


def project(fov: Fov, point: Vec3) -> tuple[float, float] | None:
    """Where a point in the eye's own Panda3D space (+Y forward) lands in normalised device
    coordinates (-1..1 across the image), or None behind the eye."""
    x, y, z = point
    if y <= 0:
        return None
    f = film(fov)
    return ((x / y - f.offset_x) / (f.width / 2), (z / y - f.offset_y) / (f.height / 2))


@dataclass(frozen=True)
class Rig:
    """Where the tracked play space stands in the world: its floor origin and heading, plus
    a height offset (seated play lifts the eyes to a standing height)."""

    origin: Vec3 = (0.0, 0.0, 0.0)
    heading: float = 0.0
    lift: float = 0.0

    def to_world(self, local: Vec3) -> Vec3:
        x, y, z = rotate(heading_quat(self.heading), local)
        return (self.origin[0] + x, self.origin[1] + y, self.origin[2] + z + self.lift)

    def quat_to_world(self, local: Quat) -> Quat:
        return quat_mul(heading_quat(self.heading), local)


def snap_turn(rig: Rig, head_local: Vec3, degrees: float) -> Rig:
    """The rig turned by ``degrees`` about the vertical line through the head, so that the
    trainee turns on the spot rather than swinging around the play space's centre."""
    before = rig.to_world(head_local)
    turned = Rig(rig.origin, (rig.heading + degrees) % 360.0, rig.lift)
    after = turned.to_world(head_local)
    origin = (rig.origin[0] + before[0] - after[0], rig.origin[1] + before[1] - after[1],
              rig.origin[2])
    return Rig(origin, turned.heading, rig.lift)


def teleport(rig: Rig, head_local: Vec3, target: Vec3) -> Rig:
    """The rig moved so that the point on the floor under the head lands on ``target``."""
    head = rig.to_world(head_local)
    return Rig((rig.origin[0] + target[0] - head[0], rig.origin[1] + target[1] - head[1],
                target[2]), rig.heading, rig.lift)


def seated_lift(head_height: float, eye_height: float = 1.7) -> float:
    """Height calibration: how far to raise a head tracked at ``head_height`` (metres above
    the tracked floor) so that it stands at ``eye_height``."""
    return eye_height - head_height


def arc(start: Vec3, direction: Vec3, *, speed: float = 8.0, gravity: float = 9.81,
        floor: float = 0.0, step: float = 0.03, limit: int = 120) -> tuple[list[Vec3], Vec3 | None]:
    """A teleport arc: a thrown point's path from ``start`` along ``direction`` until it
    reaches the floor. Returns the points and where it lands (None if it never does)."""
    n = math.sqrt(sum(c * c for c in direction)) or 1.0
    vx, vy, vz = (c / n * speed for c in direction)
    points = [start]
    for i in range(1, limit + 1):
        t = i * step
        p = (start[0] + vx * t, start[1] + vy * t, start[2] + vz * t - gravity * t * t / 2)
        if p[2] <= floor:
            prev = points[-1]
            k = (prev[2] - floor) / (prev[2] - p[2]) if prev[2] != p[2] else 1.0
            land = (prev[0] + (p[0] - prev[0]) * k, prev[1] + (p[1] - prev[1]) * k, floor)
            points.append(land)
            return points, land
        points.append(p)
    return points, None


Box = tuple[Vec3, Vec3]  # (low corner, high corner) in the world


def standable(point: Vec3, obstacles: list[Box], *, pad: float = 0.3,
              bounds: float = 140.0) -> bool:
    """Whether a trainee may stand at ``point``: on the ground, not inside (or within ``pad``
    of) anything standing there."""
    x, y, _ = point
    if abs(x) > bounds or abs(y) > bounds:
        return False
    for lo, hi in obstacles:
        if lo[0] - pad <= x <= hi[0] + pad and lo[1] - pad <= y <= hi[1] + pad:
            return False
    return True


def ray_plane(origin: Vec3, direction: Vec3, centre: Vec3, normal: Vec3) -> float | None:
    """Distance along a ray to a plane, or None when parallel or behind."""
    denom = sum(d * n for d, n in zip(direction, normal, strict=True))
    if abs(denom) < 1e-9:
        return None
    t = sum((c - o) * n for c, o, n in zip(centre, origin, normal, strict=True)) / denom
    return t if t >= 0 else None


def angular_size_m(degrees: float, distance: float) -> float:
    """The height (metres) that subtends ``degrees`` at ``distance``: legibility sizing."""
    return 2 * distance * math.tan(math.radians(degrees) / 2)
