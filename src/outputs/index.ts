// Public names of the outputs layer: this file only re-exports.
export {
  type FbdevFile,
  type FbdevGeometry,
  type FbdevOptions,
  FbdevOutput,
  readFbdevGeometry,
} from './fbdev.js';
export { type GifOptions, GifOutput, type GifStats } from './gif.js';
export { type GpioLine, SysfsGpioLine } from './gpio.js';
export { type ClosableI2cBus, type I2cBus, i2cBusMs, openI2cBus } from './i2c.js';
export type { OledI2cOptions, OledI2cStats, OledRotation } from './oled-i2c.js';
export type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';
export { type PngFolderOptions, PngFolderOutput, pngFrameName } from './png-folder.js';
export { type DisplayRotation, FrameRotation, nativeDisplay } from './rotation.js';
export { type Sh1106Options, Sh1106Output } from './sh1106.js';
export type { FrameHistoryStats } from './simulator/history.js';
export {
  type SimulatorOptions,
  SimulatorOutput,
  type SimulatorStats,
  type SimulatorStatus,
} from './simulator/server.js';
export {
  openSpiBus,
  type SpiBus,
  type SpiTftOptions,
  SpiTftOutput,
  type TftController,
  type TftRotation,
} from './spi-tft.js';
export { type Ssd1306Options, Ssd1306Output } from './ssd1306.js';
export {
  type TerminalOptions,
  TerminalOutput,
  type TerminalProcess,
  type TerminalStream,
} from './terminal.js';
