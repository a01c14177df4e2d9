import pytest
import torch
import torchvision.transforms.v2.functional as TF

from course_lib.augment import crop_flip, random_flip, random_shift


def images(n=6, c=3, h=8, w=10):
    return torch.arange(n * c * h * w, dtype=torch.float32).reshape(n, c, h, w)


def test_shift_matches_torchvision_crop_of_the_padded_image():
    x = images()
    g = torch.Generator().manual_seed(0)
    out = random_shift(x, pad=3, generator=g)
    dy, dx = torch.randint(0, 7, (2, len(x)), generator=torch.Generator().manual_seed(0))
    for i in range(len(x)):
        padded = TF.pad(x[i], [3, 3, 3, 3])
        expected = TF.crop(padded, int(dy[i]), int(dx[i]), 8, 10)
        assert torch.equal(out[i], expected)


def test_flip_mirrors_some_images_and_keeps_the_others():
    x = images(n=200)
    out = random_flip(x, generator=torch.Generator().manual_seed(1))
    flipped = torch.tensor([torch.equal(o, i.flip(-1)) for o, i in zip(out, x, strict=True)])
    kept = torch.tensor([torch.equal(o, i) for o, i in zip(out, x, strict=True)])
    assert (flipped | kept).all() and 60 < int(flipped.sum()) < 140


def test_crop_flip_keeps_shape_and_rejects_non_batches():
    x = images()
    assert crop_flip(x).shape == x.shape and random_shift(x, pad=0) is x
    with pytest.raises(ValueError, match="N, C, H, W"):
        crop_flip(x[0])
    with pytest.raises(ValueError, match="pad"):
        random_shift(x, pad=-1)
