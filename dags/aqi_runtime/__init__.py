"""What the aqi DAGs share: the argv builder, the exit-code policy and the two runners."""
