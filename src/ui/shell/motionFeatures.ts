/**
 * motion's DOM animation features, in their own chunk: LazyMotion loads them
 * after first paint, so `m` components render at once and animate once loaded.
 */
import { domAnimation } from 'motion/react';

export default domAnimation;
