"""The projection layer: each eye's located view (pose and field of view) paired with the
swapchain image drawn for it, handed to the compositor at the end of a frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.present.xr.maths import Fov, Quat, Vec3, position_from_xr, quat_from_xr


@dataclass(frozen=True)
class EyeView:
    """One eye this frame, in Panda3D's axes, in the play space."""

    position: Vec3
    orientation: Quat
    fov: Fov


def eye_view(pose: Any, fov: Any) -> EyeView:
    p, q = pose.position, pose.orientation
    return EyeView(position_from_xr((p.x, p.y, p.z)), quat_from_xr(q.x, q.y, q.z, q.w),
                   Fov(fov.angle_left, fov.angle_right, fov.angle_up, fov.angle_down))


class ProjectionLayer:
    def __init__(self, space: Any, swapchains: list[Any]) -> None:
        import xr

        self.swapchains = swapchains
        self.views = [xr.CompositionLayerProjectionView() for _ in swapchains]
        self.handle = xr.CompositionLayerProjection(space=space, views=self.views)
        self.located: list[EyeView] = []
        self.valid = False

    def locate(self, session: Any, view_type: Any, time: int, space: Any) -> list[EyeView]:
        """Where the eyes are at ``time``; marks the layer valid only with full tracking."""
        import xr

        state, views = xr.locate_views(session, xr.ViewLocateInfo(
            view_configuration_type=view_type, display_time=time, space=space))
        flags = int(state.view_state_flags)
        need = xr.VIEW_STATE_POSITION_VALID_BIT | xr.VIEW_STATE_ORIENTATION_VALID_BIT
        self.valid = flags & need == need and len(views) == len(self.swapchains)
        if not self.valid:
            return []
        for i, (view, chain) in enumerate(zip(views, self.swapchains, strict=True)):
            target = self.handle.views[i]  # the layer's own copy, which the runtime reads
            target.pose = view.pose
            target.fov = view.fov
            target.sub_image.swapchain = chain.handle
            target.sub_image.image_rect.offset.x = 0
            target.sub_image.image_rect.offset.y = 0
            target.sub_image.image_rect.extent.width = chain.width
            target.sub_image.image_rect.extent.height = chain.height
            target.sub_image.image_array_index = 0
        self.located = [eye_view(v.pose, v.fov) for v in views]
        return self.located
