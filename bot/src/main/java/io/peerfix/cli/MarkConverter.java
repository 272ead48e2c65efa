package io.peerfix.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a packet mark as iptables writes it: hexadecimal with 0x, or decimal. */
final class MarkConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    try {
      long mark =
          value.startsWith("0x") || value.startsWith("0X")
              ? Long.parseLong(value.substring(2), 16)
              : Long.parseLong(value);
      if (mark < 0 || mark > 0xFFFFFFFFL) {
        throw new NumberFormatException();
      }
      return (int) mark;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a 32-bit mark: write it like 0x4000 or 16384");
    }
  }
}
