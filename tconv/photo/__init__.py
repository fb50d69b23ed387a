"""Layer 4, photo: decoding images safely and upsampling them with a transposed convolution."""
